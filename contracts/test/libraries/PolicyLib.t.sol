// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultFixture} from "../utils/VaultFixture.sol";
import {PolicyLib} from "../../src/libraries/PolicyLib.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";

contract PolicyLibTest is VaultFixture {
    function check(IBallastPolicyModule.Policy memory p) external pure {
        PolicyLib.check(p, _minBounds(), _maxBounds());
    }

    function test_fields_declarationOrder() public pure {
        int256[18] memory f = PolicyLib.fields(_defaultPolicy());
        assertEq(f[0], 2e18);
        assertEq(f[3], 1.25e18);
        assertEq(f[8], 10_000_000e6);
        assertEq(f[17], 500);
    }

    function testFuzz_check_rejectsEveryFieldBelowItsMin(uint256 field) public {
        field = bound(field, 0, 17);
        IBallastPolicyModule.Policy memory p = _minBounds();
        this.check(p); // the lower bounds themselves pass
        int256[18] memory lo = PolicyLib.fields(_minBounds());
        if (field == 0) p.targetExposureWad -= 1;
        else if (field == 1) p.bandWad -= 1;
        else if (field == 5) p.hfCriticalWad = uint64(uint256(lo[5]) - 1);
        else if (field == 8) p.maxTradeAssets -= 1;
        else if (field == 9) p.gasPriceCeilingWei -= 1;
        else return; // the other lower bounds are 0 or covered above
        vm.expectRevert();
        this.check(p);
    }

    function testFuzz_isTightening_scalingTargetTowardZero(int128 target, uint256 scaleBps) public pure {
        target = int128(bound(target, -3e18, 3e18));
        scaleBps = bound(scaleBps, 0, 10_000);
        IBallastPolicyModule.Policy memory a = _defaultPolicy();
        IBallastPolicyModule.Policy memory b = _defaultPolicy();
        a.targetExposureWad = target;
        b.targetExposureWad = int128(int256(target) * int256(scaleBps) / 10_000);
        assertTrue(PolicyLib.isTightening(a, b));
        if (target != 0) {
            b.targetExposureWad = target + (target > 0 ? int128(1) : int128(-1));
            assertFalse(PolicyLib.isTightening(a, b));
        }
    }
}
