// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Bytes} from "@openzeppelin/contracts/utils/Bytes.sol";
import {Create2} from "@openzeppelin/contracts/utils/Create2.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title BallastChunkedDeployer
/// @notice Deploys one contract type whose creation code is too large to sit inside another contract's runtime
/// (EIP-170 caps runtime code at 24,576 bytes; a vault's creation code alone is larger). At construction the
/// creation code is split into data contracts of at most 24,575 bytes (each runtime is a STOP byte followed
/// by the data, so calling one does nothing); `_deploy` reads them back, appends the constructor arguments
/// and deploys with CREATE2.
/// @dev Anyone may call a deployer: the CREATE2 salt is hashed with the caller, so a caller can only ever
/// occupy its own addresses and cannot front-run the factory's.
abstract contract BallastChunkedDeployer {
    /// @dev Largest data per chunk: the chunk's runtime is one STOP byte plus the data, within EIP-170.
    uint256 private constant _CHUNK = 24_575;

    address[] private _chunks;
    bytes32 private immutable _codeHash;

    /// @param creationCode The creation code to store (e.g. `type(X).creationCode`).
    constructor(bytes memory creationCode) {
        _codeHash = keccak256(creationCode);
        uint256 index;
        for (uint256 offset; offset < creationCode.length; offset += _CHUNK) {
            bytes memory data = Bytes.slice(creationCode, offset, Math.min(creationCode.length, offset + _CHUNK));
            // Init code: PUSH2 n, DUP1, PUSH1 12, PUSH1 0, CODECOPY, PUSH1 0, RETURN; then the runtime (STOP, data).
            bytes memory init = abi.encodePacked(
                bytes1(0x61), uint16(data.length + 1), bytes9(0x80600c6000396000f3), bytes1(0x00), data
            );
            _chunks.push(Create2.deploy(0, bytes32(index), init));
            ++index;
        }
    }

    /// @notice The data contracts holding the creation code, in order.
    /// @return The chunk addresses.
    function chunks() external view returns (address[] memory) {
        return _chunks;
    }

    /// @notice keccak256 of the stored creation code (without constructor arguments).
    /// @return The hash.
    function creationCodeHash() external view returns (bytes32) {
        return _codeHash;
    }

    /// @dev Deploys the stored code with `args` appended, at the CREATE2 address of (caller, salt).
    function _deploy(bytes32 salt, bytes memory args) internal returns (address) {
        return Create2.deploy(0, keccak256(abi.encode(msg.sender, salt)), bytes.concat(_creationCode(), args));
    }

    /// @dev Where `_deploy(salt, args)` called by `caller` deploys.
    function _predict(address caller, bytes32 salt, bytes memory args) internal view returns (address) {
        bytes32 initHash = keccak256(bytes.concat(_creationCode(), args));
        return Create2.computeAddress(keccak256(abi.encode(caller, salt)), initHash);
    }

    function _creationCode() private view returns (bytes memory code) {
        address[] memory parts = _chunks;
        for (uint256 i; i < parts.length; ++i) {
            code = bytes.concat(code, Bytes.slice(parts[i].code, 1));
        }
    }
}
