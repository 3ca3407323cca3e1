// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestERC20} from "../../src/local/TestERC20.sol";

/// @notice Receives the transfer callback of a `HookERC20`.
interface ITransferHook {
    function onTokenTransfer(address from, address to, uint256 amount) external;
}

/// @notice A TestERC20 with an ERC-777-style transfer hook: after every balance move that involves the
/// `watched` account (a vault), it calls `hook.onTokenTransfer` once, while the watched contract's own
/// transfer is still on the stack. Not re-entrant itself (a transfer made inside the hook calls no hook).
/// A revert in the hook reverts the transfer, as ERC-777 does. Unit tests only.
contract HookERC20 is TestERC20 {
    address public watched;
    ITransferHook public hook;
    uint256 public hookCalls;
    bool private _inHook;

    constructor(string memory name_, string memory symbol_, uint8 decimals_, address owner_)
        TestERC20(name_, symbol_, decimals_, owner_)
    {}

    /// @notice Calls `hook_` on every transfer from or to `watched_` (address(0) hook: none).
    function setHook(address watched_, ITransferHook hook_) external onlyOwner {
        watched = watched_;
        hook = hook_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (address(hook) == address(0) || _inHook || (from != watched && to != watched)) return;
        _inHook = true;
        ++hookCalls;
        hook.onTokenTransfer(from, to, value);
        _inHook = false;
    }
}

/// @notice An attacker contract: a depositor (and keeper, when granted the role) that makes its outer calls with
/// `exec` and, armed, makes one re-entrant call from the token hook. It records what the re-entrant call
/// returned; with `bubble` it re-throws the revert so the outer call fails whole.
contract ReentrantActor is ITransferHook {
    address public target;
    bytes public data;
    bool public bubble;
    bool public armed;

    bytes public probe;
    bytes public probeResult;

    bool public reentered;
    bool public reentrySucceeded;
    bytes public reentryResult;

    function arm(address target_, bytes calldata data_, bool bubble_) external {
        target = target_;
        data = data_;
        bubble = bubble_;
        armed = true;
        reentered = false;
        reentrySucceeded = false;
        delete reentryResult;
    }

    function disarm() external {
        armed = false;
    }

    /// @notice A view call on `target` the hook makes (and records) just before its re-entrant call, to observe
    /// the target's state in the middle of its own transfer.
    function setProbe(bytes calldata probe_) external {
        probe = probe_;
    }

    /// @notice Makes an outer call as this contract (deposit, redeem, claims, upkeeps, approvals).
    function exec(address to, bytes calldata call) external returns (bytes memory result) {
        bool ok;
        (ok, result) = to.call(call);
        if (!ok) _rethrow(result);
    }

    function onTokenTransfer(address, address, uint256) external {
        if (!armed) return;
        armed = false;
        reentered = true;
        if (probe.length != 0) {
            (bool probed, bytes memory seen) = target.staticcall(probe);
            if (probed) probeResult = seen;
        }
        (bool ok, bytes memory result) = target.call(data);
        reentrySucceeded = ok;
        reentryResult = result;
        if (!ok && bubble) _rethrow(result);
    }

    /// @notice The selector of the re-entrant call's revert (zero if it did not revert or had no data).
    function reentrySelector() external view returns (bytes4 selector) {
        bytes memory r = reentryResult;
        if (reentrySucceeded || r.length < 4) return bytes4(0);
        selector = bytes4(r);
    }

    function _rethrow(bytes memory result) private pure {
        assembly ("memory-safe") {
            revert(add(result, 0x20), mload(result))
        }
    }
}
