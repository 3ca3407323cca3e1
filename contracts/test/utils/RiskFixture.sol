// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultFixture} from "./VaultFixture.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";
import {IBallastRiskEngine} from "../../src/interfaces/IBallastRiskEngine.sol";

/// @notice The vault fixture with helpers for the risk engine's rules: deploy with one rule switched on, read
/// the due action, lever the vault up to its target.
abstract contract RiskFixture is VaultFixture {
    /// @dev The `checkUpkeep` reason when nothing is due.
    function _reason() internal view returns (string memory) {
        (bool due, bytes memory data) = vault.checkUpkeep("");
        return due ? "" : string(data);
    }

    /// @dev A fresh vault with risk configuration `r`, 10,000 USDC deposited and levered to its target.
    function _leveredVault(IBallastRiskEngine.RiskConfig memory r) internal {
        _deployVaultWithRisk(r);
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
    }

    /// @dev The assessment of the vault's current state by its engine.
    function _assess() internal view returns (IBallastRiskEngine.Assessment memory) {
        return engine.assess(_state(), policyModule.policy());
    }

    /// @dev The vault's upkeep state as it reports it to the rules (rebuilt from its views).
    function _state() internal view returns (IBallastPolicyModule.UpkeepState memory st) {
        (,,, uint256 ltBase) = lending.reserveState(address(vault), address(weth));
        (,,, uint256 ltQuote) = lending.reserveState(address(vault), address(usdc));
        st.exposureWad = vault.position().exposureWad;
        st.equity = vault.position().equity;
        st.idleAsset = vault.position().idleAsset;
        st.healthFactorWad = vault.healthFactor();
        st.ltBaseBps = ltBase;
        st.ltQuoteBps = ltQuote;
        (uint256 lastTradeAt, uint256 lastRebalanceAt) = vault.upkeepTimes();
        st.lastTradeAt = lastTradeAt;
        st.lastRebalanceAt = lastRebalanceAt;
        st.paused = vault.paused();
        st.emergencyUnwind = vault.emergencyUnwind();
        st.priceWad = prices.price();
    }

    /// @dev Proposes `r` as the curator, waits out the timelock and accepts it.
    function _applyRiskConfig(IBallastRiskEngine.RiskConfig memory r) internal {
        vm.prank(curator);
        engine.proposeRiskConfig(r);
        _wait(TIMELOCK);
        vm.prank(curator);
        engine.acceptRiskConfig();
    }

    /// @dev Warps `dt` seconds and re-posts both feeds at the current time.
    function _wait(uint256 dt) internal {
        vm.warp(block.timestamp + dt);
        _refreshFeeds();
    }
}
