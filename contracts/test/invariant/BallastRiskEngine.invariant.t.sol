// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultFixture} from "../utils/VaultFixture.sol";
import {RiskHandler} from "./RiskHandler.sol";
import {IBallastRiskEngine} from "../../src/interfaces/IBallastRiskEngine.sol";

contract BallastRiskEngineInvariantTest is VaultFixture {
    RiskHandler internal handler;

    function setUp() public override {
        _setUpMarket();
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.maxJumpBps = 500;
        r.coolOff = 1 hours;
        r.ripcordEnabled = true;
        _deployVaultWithRisk(r);
        handler = new RiskHandler(vault, usdc, weth, ethUsd, usdcUsd, curator, alice);
        usdc.transferOwnership(address(handler));
        ethUsd.transferOwnership(address(handler));
        usdcUsd.transferOwnership(address(handler));
        vault.grantRole(vault.KEEPER_ROLE(), address(handler));
        targetContract(address(handler));
    }

    /// @notice No upkeep adds exposure while the circuit breaker is active.
    function invariant_noRiskAddedUnderBreaker() public view {
        assertEq(handler.ghost_riskAddedUnderBreaker(), 0);
    }

    /// @notice No upkeep adds exposure once a protective order fired (until re-armed).
    function invariant_noRiskAddedAfterOrderFired() public view {
        assertEq(handler.ghost_riskAddedAfterOrder(), 0);
    }

    /// @notice The handler reaches the states the invariants are about: upkeeps under a tripped breaker and
    /// after a fired order (else the invariants would hold vacuously).
    function test_handler_reachesGuardedUpkeeps() public {
        handler.deposit(10_000e6);
        handler.upkeep();
        handler.warp(1 hours);
        handler.movePrice(-1200); // a 12 % drop: beyond the 5 % jump limit, the 2x vault must sell
        uint256 afterJump = handler.ghost_guardedUpkeeps();
        assertGt(afterJump, 0, "an upkeep ran under the breaker");
        handler.warp(2 hours);
        handler.setOrders(100, 0); // stop 1 % under the price
        handler.movePrice(-300);
        handler.warp(1 hours);
        assertGt(handler.ghost_guardedUpkeeps(), afterJump, "an upkeep ran after the order fired");
        assertEq(handler.ghost_riskAddedUnderBreaker() + handler.ghost_riskAddedAfterOrder(), 0);
    }
}
