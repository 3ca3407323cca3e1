/**
 * The Ballast keeper. It only triggers: every rule lives in the vault contracts. Decide (batched read-only
 * {@code checkUpkeep} over many vaults through Multicall3, {@link io.ballast.keeper.decide.UpkeepScanner}) is separate
 * from act (simulate, send, confirm, bump: {@link io.ballast.keeper.act.UpkeepSender}); {@link io.ballast.keeper.Keeper}
 * runs one after the other on a timer, and {@link io.ballast.keeper.KeeperRuntime} wires it all from a
 * {@link io.ballast.keeper.config.KeeperConfig}.
 */
package io.ballast.keeper;
