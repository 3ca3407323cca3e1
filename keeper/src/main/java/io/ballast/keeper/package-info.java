/**
 * The Ballast keeper. It only triggers: every rule lives in the vault contracts. Decide (batched read-only
 * {@code checkUpkeep} over many vaults through Multicall3, see {@link io.ballast.keeper.multicall.BatchReader}) is
 * separate from act (simulate, send, confirm, bump).
 */
package io.ballast.keeper;
