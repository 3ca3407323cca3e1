// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Multicall3
/// @notice Batches read calls in one `eth_call`, with the `aggregate3` interface of the canonical
/// Multicall3 (deployed on public chains at 0xcA11bde05977b3631167028862bE2a173976CA11). This is
/// Ballast's own implementation of that interface for the local chain, where no canonical
/// bytecode is available from a package registry.
contract Multicall3 {
    /// @notice One call of a batch.
    /// @param target Contract to call.
    /// @param allowFailure When false, a failing call reverts the whole batch.
    /// @param callData ABI-encoded call.
    struct Call3 {
        address target;
        bool allowFailure;
        bytes callData;
    }

    /// @notice Outcome of one call of a batch.
    /// @param success Whether the call succeeded.
    /// @param returnData Its return data, or its revert data when it failed.
    struct Result {
        bool success;
        bytes returnData;
    }

    /// @notice A call that was not allowed to fail reverted.
    /// @param index Position of the call in the batch.
    /// @param returnData The call's revert data.
    error Multicall3CallFailed(uint256 index, bytes returnData);

    /// @notice Runs `calls` in order and returns each outcome.
    /// @param calls The batch.
    /// @return results One entry per call, in order.
    function aggregate3(Call3[] calldata calls) external payable returns (Result[] memory results) {
        uint256 length = calls.length;
        results = new Result[](length);
        for (uint256 i = 0; i < length; ++i) {
            Call3 calldata c = calls[i];
            // solhint-disable-next-line avoid-low-level-calls
            (bool success, bytes memory returnData) = c.target.call(c.callData);
            if (!success && !c.allowFailure) revert Multicall3CallFailed(i, returnData);
            results[i] = Result(success, returnData);
        }
    }

    /// @notice Current block number, for reading a batch's block.
    /// @return The block number.
    function getBlockNumber() external view returns (uint256) {
        return block.number;
    }

    /// @notice Current block timestamp.
    /// @return The block timestamp.
    function getCurrentBlockTimestamp() external view returns (uint256) {
        return block.timestamp;
    }

    /// @notice Native balance of `account`.
    /// @param account The account.
    /// @return Its balance in wei.
    function getEthBalance(address account) external view returns (uint256) {
        return account.balance;
    }

    /// @notice Chain id of the current chain.
    /// @return The chain id.
    function getChainId() external view returns (uint256) {
        return block.chainid;
    }
}
