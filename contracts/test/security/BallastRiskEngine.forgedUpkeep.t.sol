// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {RiskFixture} from "../utils/RiskFixture.sol";
import {BallastPolicyModule} from "../../src/BallastPolicyModule.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";
import {IBallastRiskEngine} from "../../src/interfaces/IBallastRiskEngine.sol";

/// @notice THREAT_MODEL row 6 against the risk engine: forged `performData` and griefing keepers. The action an
/// upkeep runs, and the policy it runs under (the ripcord's emergency limits and premium), come from the rules
/// only; only keepers run upkeeps; the engine's state (samples, breaker, orders) is written only through
/// `policyModule.prepare` called by the vault, so nobody can feed it a forged state (e.g. a crash price that
/// trips the breaker and closes deposits for the cool-off).
contract BallastRiskEngineForgedUpkeepTest is RiskFixture {
    uint32 internal constant COOL_OFF = 30 minutes;

    function setUp() public override {
        _setUpMarket();
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.ripcordEnabled = true;
        r.maxJumpBps = 1000; // 10 %
        r.coolOff = COOL_OFF;
        _deployVaultWithRisk(r);
    }

    // ---------------------------------------------------------------- helpers

    function _forged(IBallastPolicyModule.Action a) internal pure returns (bytes memory) {
        // What checkUpkeep would return for `a` at a critical health factor
        return abi.encode(a, int256(3e18), int256(0), uint256(1.01e18));
    }

    function _keeperUpkeep(bytes memory data) internal {
        vm.txGasPrice(GAS_PRICE);
        vm.prank(keeper);
        vault.performUpkeep(data);
    }

    /// @dev The action of the one UpkeepPerformed and the amount of the one BountyAccrued in the recorded logs.
    function _performed() internal returns (IBallastPolicyModule.Action action, uint256 bounty, uint256 gasUsed) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 upkeeps;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(vault)) continue;
            if (logs[i].topics[0] == IBallastVault.UpkeepPerformed.selector) {
                assertEq(logs[i].topics[1], bytes32(uint256(uint160(keeper))), "keeper topic");
                action = IBallastPolicyModule.Action(uint8(uint256(logs[i].topics[2])));
                ++upkeeps;
            } else if (logs[i].topics[0] == IBallastVault.BountyAccrued.selector) {
                (bounty, gasUsed,) = abi.decode(logs[i].data, (uint256, uint256, uint256));
            }
        }
        assertEq(upkeeps, 1, "one upkeep");
    }

    function _stateHash() internal view returns (bytes32) {
        return keccak256(abi.encode(engine.riskState()));
    }

    function _outsiders() internal returns (address[] memory a) {
        a = new address[](6);
        a[0] = alice;
        a[1] = keeper;
        a[2] = curator;
        a[3] = guardian;
        a[4] = address(this); // the vault's admin
        a[5] = makeAddr("attacker");
    }

    // ---------------------------------------------------------------- forged performData

    function test_performUpkeep_forgedRipcordDataDoesTheRulesAction() public {
        _deposit(alice, 10_000e6);
        _assertAction(IBallastPolicyModule.Action.BandRebalance);
        vm.recordLogs();
        _keeperUpkeep(_forged(IBallastPolicyModule.Action.Ripcord));
        (IBallastPolicyModule.Action action, uint256 bounty, uint256 gasUsed) = _performed();
        assertEq(uint8(action), uint8(IBallastPolicyModule.Action.BandRebalance), "the rules' action, not the claim");
        // the policy's 20 % premium, not the ripcord's 50 %: gas x price x 1.2 x 2000 USDC/ETH in 6 decimals
        assertEq(bounty, gasUsed * GAS_PRICE * 12_000 * 2000 / 10_000 / 1e12, "no ripcord premium");
        assertGt(_position().exposureWad, 0.9e18, "bought toward the target instead of unwinding");
        assertEq(engine.riskState().breakerUntil, 0, "no breaker from the forged data");
    }

    function test_performUpkeep_forgedDataWhenNothingDueReverts() public {
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
        _assertAction(IBallastPolicyModule.Action.None);
        uint256 owed = vault.bountyOwed(keeper);
        bytes32 state = _stateHash();
        for (uint8 a = 1; a <= uint8(IBallastPolicyModule.Action.Sample); ++a) {
            vm.expectRevert(IBallastVault.VaultNothingDue.selector);
            _keeperUpkeep(_forged(IBallastPolicyModule.Action(a)));
        }
        vm.expectRevert(IBallastVault.VaultNothingDue.selector);
        _keeperUpkeep(hex"deadbeef");
        assertEq(vault.bountyOwed(keeper), owed, "no bounty for forged upkeeps");
        assertEq(_stateHash(), state, "engine state untouched");
    }

    /// @dev Whatever the keeper passes, the upkeep does exactly what it does with empty data.
    function testFuzz_performUpkeep_resultIndependentOfPerformData(bytes calldata data) public {
        _deposit(alice, 10_000e6);
        uint256 snap = vm.snapshotState();
        vm.recordLogs();
        _keeperUpkeep("");
        (IBallastPolicyModule.Action honest,,) = _performed();
        IBallastVault.Position memory expected = _position();
        bytes32 state = _stateHash();
        vm.revertToState(snap);

        vm.recordLogs();
        _keeperUpkeep(data);
        (IBallastPolicyModule.Action action,,) = _performed();
        IBallastVault.Position memory got = _position();
        assertEq(uint8(action), uint8(honest));
        assertEq(got.netBaseValue, expected.netBaseValue);
        assertEq(got.equity, expected.equity);
        assertEq(got.borrowedAsset, expected.borrowedAsset);
        assertEq(got.suppliedBase, expected.suppliedBase);
        assertEq(_stateHash(), state, "the engine recorded the same state");
    }

    // ---------------------------------------------------------------- who may call

    function test_performUpkeep_onlyKeeperEvenWithARipcordDue() public {
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
        _setEthPrice(1300e8);
        assertLt(vault.healthFactor(), 1.1e18);
        _assertAction(IBallastPolicyModule.Action.Ripcord);

        address[] memory callers = _outsiders();
        bytes32 role = vault.KEEPER_ROLE();
        for (uint256 i; i < callers.length; ++i) {
            if (callers[i] == keeper) continue;
            vm.expectRevert(
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, callers[i], role)
            );
            vm.prank(callers[i]);
            vault.performUpkeep("");
        }
        vault.revokeRole(role, keeper);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, keeper, role));
        _keeperUpkeep("");

        vault.grantRole(role, keeper);
        uint256 hf = vault.healthFactor();
        vm.recordLogs();
        _keeperUpkeep(_forged(IBallastPolicyModule.Action.BandRebalance));
        (IBallastPolicyModule.Action action,,) = _performed();
        assertEq(uint8(action), uint8(IBallastPolicyModule.Action.Ripcord), "the ripcord, whatever the data says");
        assertGt(vault.healthFactor(), hf);
    }

    function test_record_revertsForAnyoneButThePolicyModule() public {
        _deposit(alice, 10_000e6);
        _upkeep(); // the first sample: sets the jump reference at 2000
        IBallastPolicyModule.UpkeepState memory st = _state();
        st.priceWad = 1000e18; // a forged crash: -50 % would trip the breaker
        IBallastPolicyModule.Policy memory p = policyModule.policy();
        bytes32 state = _stateHash();

        address[] memory callers = _outsiders();
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IBallastRiskEngine.RiskNotPolicyModule.selector, callers[i]));
            vm.prank(callers[i]);
            engine.record(st, p, IBallastPolicyModule.Action.Ripcord);
        }
        vm.expectRevert(abi.encodeWithSelector(IBallastRiskEngine.RiskNotPolicyModule.selector, address(vault)));
        vm.prank(address(vault));
        engine.record(st, p, IBallastPolicyModule.Action.Ripcord);
        assertEq(_stateHash(), state, "engine state untouched");
        assertEq(vault.maxDeposit(bob), type(uint256).max, "deposits still open");

        // What the check protects: the same call from the module trips the breaker and closes deposits.
        vm.expectEmit(address(engine));
        emit IBallastRiskEngine.BreakerTripped(
            IBallastRiskEngine.BreakerReason.PriceJump, 1000e18, block.timestamp + COOL_OFF
        );
        vm.prank(address(policyModule));
        IBallastPolicyModule.Policy memory effective = engine.record(st, p, IBallastPolicyModule.Action.Ripcord);
        assertEq(effective.slippageBps, 300, "the ripcord's emergency slippage");
        assertEq(vault.maxDeposit(bob), 0, "a forged record would have closed deposits");
    }

    function test_prepare_revertsForAnyoneButTheVault() public {
        _deposit(alice, 10_000e6);
        _upkeep();
        IBallastPolicyModule.UpkeepState memory st = _state();
        st.priceWad = 1000e18;
        st.healthFactorWad = 1.01e18; // a forged critical health factor: the rules would pull the ripcord
        bytes32 state = _stateHash();

        address[] memory callers = _outsiders();
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IBallastPolicyModule.PolicyNotVault.selector, callers[i]));
            vm.prank(callers[i]);
            policyModule.prepare(st);
        }
        vm.expectRevert(abi.encodeWithSelector(IBallastPolicyModule.PolicyNotVault.selector, address(engine)));
        vm.prank(address(engine));
        policyModule.prepare(st);
        assertEq(_stateHash(), state, "engine state untouched");
        assertEq(uint8(engine.breaker(prices.price())), uint8(IBallastRiskEngine.BreakerReason.None));
        assertEq(vault.maxDeposit(bob), type(uint256).max, "deposits still open");
    }

    function test_binding_cannotBeTakenOver() public {
        address attacker = makeAddr("attacker");
        vm.expectRevert(
            abi.encodeWithSelector(IBallastRiskEngine.RiskModuleAlreadyBound.selector, address(policyModule))
        );
        vm.prank(attacker);
        engine.bindModule();
        vm.expectRevert(abi.encodeWithSelector(IBallastPolicyModule.PolicyVaultAlreadyBound.selector, address(vault)));
        vm.prank(attacker);
        policyModule.bindVault();
        // nor by wrapping the bound engine in a module of one's own
        vm.expectRevert(
            abi.encodeWithSelector(IBallastRiskEngine.RiskModuleAlreadyBound.selector, address(policyModule))
        );
        vm.prank(attacker);
        new BallastPolicyModule(_defaultPolicy(), _minBounds(), _maxBounds(), TIMELOCK, engine);
        assertEq(address(engine.policyModule()), address(policyModule));
        assertEq(policyModule.vault(), address(vault));
    }
}
