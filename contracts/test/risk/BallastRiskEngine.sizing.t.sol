// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RiskFixture} from "../utils/RiskFixture.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";
import {IBallastRiskEngine} from "../../src/interfaces/IBallastRiskEngine.sol";
import {RiskMath} from "../../src/libraries/RiskMath.sol";

/// @notice Sizing limits as the vault sees them: Kelly, liquidation-aware and liquidity-aware caps, and the
/// cost-aware band.
contract BallastRiskEngineSizingTest is RiskFixture {
    function setUp() public override {
        _setUpMarket();
        _deployVaultWithRisk(_riskConfig());
        _deposit(alice, 10_000e6);
    }

    function test_kelly_capsAtFractionOfMuOverVariance() public {
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.expectedReturnWad = 0.375e18; // f mu / sigma^2 = 1 x 0.375 / 0.25 = 1.5
        r.kellyFractionWad = 1e18;
        _deployVaultWithRisk(r);
        assertEq(_assess().targetWad, 1.5e18);
        r.expectedReturnWad = 0.5e18; // Kelly 2.0 == target: not binding
        _deployVaultWithRisk(r);
        assertEq(_assess().targetWad, 2e18);
        r.expectedReturnWad = -0.1e18; // expecting a loss on a long: no position
        _deployVaultWithRisk(r);
        assertEq(_assess().targetWad, 0);
    }

    function test_liquidationCap_bindsWhenTheShockIsLarge() public {
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.liquidationSigmasWad = 3e18;
        r.reactionHorizon = 1 hours; // 3 x 50 % x sqrt(1 h / 1 y): a 1.6 % move, far from liquidating 2x
        _deployVaultWithRisk(r);
        assertEq(_assess().targetWad, 2e18, "not binding");
        r.initialVolWad = 1.5e18;
        r.reactionHorizon = 7 days; // 3 x 150 % x sqrt(7 d / 1 y): a 46 % fall, the cap binds
        _deployVaultWithRisk(r);
        int256 cap = _assess().targetWad;
        assertLt(cap, 2e18);
        assertEq(cap, RiskMath.liquidationCap(2e18, 1.5e18, 7 days, 3e18, 8250, 7800, 500));
    }

    function test_liquidityCap_limitsEachTradeToThePoolImpact() public {
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.maxImpactBps = 100;
        _deployVaultWithRisk(r);
        _deposit(alice, 10_000e6);
        usdc.mint(_aToken(address(usdc)), 1e15); // plenty to lend
        uni.setLiquidity(1e15); // a thin pool
        (uint160 sqrtP, uint128 liquidity) = swapper.poolLiquidity(address(weth), address(usdc));
        bool usdcIsToken0 = address(usdc) < address(weth);
        uint256 quoteIn = RiskMath.poolInputCap(sqrtP, liquidity, usdcIsToken0, 100);
        uint256 baseIn = RiskMath.poolInputCap(sqrtP, liquidity, !usdcIsToken0, 100);
        uint256 cap = quoteIn < baseIn * 2000 / 1e12 ? quoteIn : baseIn * 2000 / 1e12;
        assertLt(cap, 9500e6, "the pool takes less than the idle funds");
        assertGt(cap, 100e6);
        _upkeep();
        assertApproxEqAbs(_position().netBaseValue, int256(cap), 1e6, "one trade of the impact cap");
    }

    function test_liquidityCap_limitsTradesToTheLendersLiquidity() public {
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.maxImpactBps = 100;
        _deployVaultWithRisk(r);
        _deposit(alice, 10_000e6);
        usdc.mint(_aToken(address(usdc)), 3000e6); // the lender has 3,000 USDC left
        _upkeep();
        assertLe(_position().netBaseValue, 3000e6 + 1, "no trade beyond what can be borrowed");
        assertGt(_position().netBaseValue, 2990e6);
    }

    function _aToken(address asset) internal view returns (address) {
        return aave.getReserveData(asset).aTokenAddress;
    }

    function test_costAwareBand_widensWithCostAndClamps() public {
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.costAwareBand = true;
        r.roundTripCostWad = 0.002e18;
        r.riskAversionWad = 1e18; // x* 2: g = 2, b = (3 x 0.002 x 4 / 2)^(1/3) = 0.2289
        r.bandMinWad = 0.02e18;
        _deployVaultWithRisk(r);
        assertEq(_assess().bandWad, 0.1e18, "clamped at the policy band");
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.bandWad = 0.3e18;
        _setPolicy(p);
        assertApproxEqRel(_assess().bandWad, 0.2289428485e18, 1e-6 * 1e18);
        r.roundTripCostWad = 0.0000001e18;
        _deployVaultWithRisk(r);
        assertEq(_assess().bandWad, 0.02e18, "clamped at the minimum");
    }

    function test_costAwareBand_decidesTheBandRebalance() public {
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.costAwareBand = true;
        r.roundTripCostWad = 0.0001e18; // b = (3 x 1e-4 x 4 / 2)^(1/3) = 0.0843
        r.riskAversionWad = 1e18;
        r.bandMinWad = 0.02e18;
        _deployVaultWithRisk(r);
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
        uint256 band = _assess().bandWad;
        assertApproxEqRel(band, 0.0843432665e18, 1e-6 * 1e18);
        // +5 %: x drifts inside the fixed 0.1 band but outside the cost-aware 0.084
        _setEthPrice(2100e8);
        assertGt(2e18 - _position().exposureWad, int256(band));
        assertLt(2e18 - _position().exposureWad, 0.1e18);
        _assertAction(IBallastPolicyModule.Action.BandRebalance);
    }
}
