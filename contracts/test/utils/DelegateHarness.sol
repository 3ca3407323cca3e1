// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Stands in for a vault: runs adapter code by `delegatecall`, so the harness owns the venue position.
contract DelegateHarness {
    function exec(address target, bytes calldata data) external returns (bytes memory ret) {
        bool ok;
        (ok, ret) = target.delegatecall(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
    }
}
