// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BallastVault} from "../BallastVault.sol";
import {IBallastVault} from "../interfaces/IBallastVault.sol";
import {BallastChunkedDeployer} from "./BallastChunkedDeployer.sol";

/// @title BallastVaultDeployer
/// @notice Deploys `BallastVault`s for the factory (the vault's creation code is stored in chunks, see
/// `BallastChunkedDeployer`). Holds no privilege: a vault deployed here directly is simply not registered.
contract BallastVaultDeployer is BallastChunkedDeployer {
    constructor() BallastChunkedDeployer(type(BallastVault).creationCode) {}

    /// @notice Deploys a vault with `config` at the CREATE2 address of (caller, salt).
    /// @param salt Caller-chosen salt.
    /// @param config The vault's settings; its policy module must be unbound (the vault binds it).
    /// @return vault The new vault.
    function deployVault(bytes32 salt, IBallastVault.VaultConfig calldata config) external returns (address vault) {
        return _deploy(salt, abi.encode(config));
    }

    /// @notice Where `deployVault(salt, config)` called by `caller` deploys.
    /// @param caller The caller.
    /// @param salt The salt.
    /// @param config The settings.
    /// @return The address.
    function predictVault(address caller, bytes32 salt, IBallastVault.VaultConfig calldata config)
        external
        view
        returns (address)
    {
        return _predict(caller, salt, abi.encode(config));
    }
}
