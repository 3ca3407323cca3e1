// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IBallastVault} from "./IBallastVault.sol";
import {IBallastRiskEngine} from "./IBallastRiskEngine.sol";
import {IBallastPolicyModule} from "./IBallastPolicyModule.sol";

/// @title IBallastVaultFactory
/// @notice Deploys Ballast vaults with their policy modules and keeps the registry keepers read.
interface IBallastVaultFactory {
    /// @notice A vault was created and registered.
    /// @param vault The vault.
    /// @param policyModule Its policy module.
    /// @param asset Its asset (quote).
    /// @param base Its base token.
    /// @param index Its registry index.
    /// @param creator Who created it.
    event VaultCreated(
        address indexed vault,
        address indexed policyModule,
        address indexed asset,
        address base,
        uint256 index,
        address creator
    );

    /// @notice `config.policyModule` must be left zero: the factory deploys the module.
    error FactoryPolicyModuleSet(address policyModule);

    /// @notice The deployer addresses are unusable.
    error FactoryConfigInvalid();

    /// @notice May create vaults.
    /// @return The role id, keccak256("DEPLOYER_ROLE").
    function DEPLOYER_ROLE() external view returns (bytes32);

    /// @notice Deploys a risk engine, a policy module bound to it and a vault bound to the module, and
    /// registers the vault. Only DEPLOYER_ROLE.
    /// @param config The vault's settings with `policyModule` = address(0).
    /// @param initial The first policy.
    /// @param lo Hard lower bounds, never changeable.
    /// @param hi Hard upper bounds, never changeable.
    /// @param timelock Seconds a risk-adding policy change waits, within [1 hour, 30 days].
    /// @param risk The risk engine's first configuration.
    /// @return vault The vault.
    /// @return policyModule Its policy module.
    function createVault(
        IBallastVault.VaultConfig calldata config,
        IBallastPolicyModule.Policy calldata initial,
        IBallastPolicyModule.Policy calldata lo,
        IBallastPolicyModule.Policy calldata hi,
        uint256 timelock,
        IBallastRiskEngine.RiskConfig calldata risk
    ) external returns (address vault, address policyModule);

    /// @notice Number of vaults registered.
    /// @return The count.
    function vaultsCount() external view returns (uint256);

    /// @notice A page of the registry, in creation order: at most `limit` vaults from index `offset` (empty past
    /// the end).
    /// @param offset First index.
    /// @param limit Page size.
    /// @return page The vaults.
    function vaults(uint256 offset, uint256 limit) external view returns (address[] memory page);

    /// @notice Whether `vault` was created by this factory.
    /// @param vault The address.
    /// @return True when registered.
    function isVault(address vault) external view returns (bool);

    /// @notice The deployers the factory uses.
    /// @return vaultDeployer Deploys vaults.
    /// @return policyModuleDeployer Deploys policy modules.
    /// @return riskEngineDeployer Deploys risk engines.
    function deployers()
        external
        view
        returns (address vaultDeployer, address policyModuleDeployer, address riskEngineDeployer);
}
