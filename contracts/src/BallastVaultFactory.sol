// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IBallastVault} from "./interfaces/IBallastVault.sol";
import {IBallastPolicyModule} from "./interfaces/IBallastPolicyModule.sol";
import {IBallastRiskEngine} from "./interfaces/IBallastRiskEngine.sol";
import {IBallastVaultFactory} from "./interfaces/IBallastVaultFactory.sol";
import {BallastVaultDeployer} from "./deploy/BallastVaultDeployer.sol";
import {BallastPolicyModuleDeployer} from "./deploy/BallastPolicyModuleDeployer.sol";
import {IBallastRiskEngineDeployer} from "./interfaces/IBallastRiskEngineDeployer.sol";

/// @title BallastVaultFactory
/// @notice Creates Ballast vaults (risk engine, policy module binding it, then the vault binding the module, in
/// one transaction)
/// and keeps a paginated registry. Creation is restricted to DEPLOYER_ROLE so the registry keepers scan holds
/// only vaults its operator vouches for.
/// @dev The heavy creation code lives in the three deployers (see `BallastChunkedDeployer`); the factory stays
/// small. Salts are the registry index, so addresses are deterministic per factory.
contract BallastVaultFactory is IBallastVaultFactory, AccessControl {
    /// @inheritdoc IBallastVaultFactory
    bytes32 public constant DEPLOYER_ROLE = keccak256("DEPLOYER_ROLE");

    BallastVaultDeployer private immutable _vaultDeployer;
    BallastPolicyModuleDeployer private immutable _moduleDeployer;
    IBallastRiskEngineDeployer private immutable _engineDeployer;

    address[] private _vaults;
    mapping(address vault => bool) private _isVault;

    /// @param admin Holder of DEFAULT_ADMIN_ROLE and DEPLOYER_ROLE.
    /// @param vaultDeployer_ The vault deployer.
    /// @param moduleDeployer_ The policy module deployer.
    /// @param engineDeployer_ The risk engine deployer.
    constructor(
        address admin,
        BallastVaultDeployer vaultDeployer_,
        BallastPolicyModuleDeployer moduleDeployer_,
        IBallastRiskEngineDeployer engineDeployer_
    ) {
        if (
            admin == address(0) || address(vaultDeployer_) == address(0) || address(moduleDeployer_) == address(0)
                || address(engineDeployer_) == address(0)
        ) revert FactoryConfigInvalid();
        _vaultDeployer = vaultDeployer_;
        _moduleDeployer = moduleDeployer_;
        _engineDeployer = engineDeployer_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(DEPLOYER_ROLE, admin);
    }

    /// @inheritdoc IBallastVaultFactory
    function createVault(
        IBallastVault.VaultConfig calldata config,
        IBallastPolicyModule.Policy calldata initial,
        IBallastPolicyModule.Policy calldata lo,
        IBallastPolicyModule.Policy calldata hi,
        uint256 timelock,
        IBallastRiskEngine.RiskConfig calldata risk
    ) external onlyRole(DEPLOYER_ROLE) returns (address vault, address policyModule) {
        if (address(config.policyModule) != address(0)) revert FactoryPolicyModuleSet(address(config.policyModule));
        uint256 index = _vaults.length;
        policyModule = _deployModules(bytes32(index), initial, lo, hi, timelock, risk);
        IBallastVault.VaultConfig memory c = config;
        c.policyModule = IBallastPolicyModule(policyModule);
        vault = _vaultDeployer.deployVault(bytes32(index), c);
        _vaults.push(vault);
        _isVault[vault] = true;
        emit VaultCreated(vault, policyModule, config.asset, config.base, index, msg.sender);
    }

    /// @dev The risk engine, then the policy module that binds it.
    function _deployModules(
        bytes32 salt,
        IBallastPolicyModule.Policy calldata initial,
        IBallastPolicyModule.Policy calldata lo,
        IBallastPolicyModule.Policy calldata hi,
        uint256 timelock,
        IBallastRiskEngine.RiskConfig calldata risk
    ) private returns (address) {
        IBallastRiskEngine engine = IBallastRiskEngine(_engineDeployer.deployRiskEngine(salt, risk));
        return _moduleDeployer.deployPolicyModule(salt, initial, lo, hi, timelock, engine);
    }

    /// @inheritdoc IBallastVaultFactory
    function vaultsCount() external view returns (uint256) {
        return _vaults.length;
    }

    /// @inheritdoc IBallastVaultFactory
    function vaults(uint256 offset, uint256 limit) external view returns (address[] memory page) {
        uint256 end = Math.min(_vaults.length, offset + Math.min(limit, type(uint256).max - offset));
        if (offset > end) offset = end;
        page = new address[](end - offset);
        for (uint256 i; i < page.length; ++i) {
            page[i] = _vaults[offset + i];
        }
    }

    /// @inheritdoc IBallastVaultFactory
    function isVault(address vault) external view returns (bool) {
        return _isVault[vault];
    }

    /// @inheritdoc IBallastVaultFactory
    function deployers()
        external
        view
        returns (address vaultDeployer, address policyModuleDeployer, address riskEngineDeployer)
    {
        return (address(_vaultDeployer), address(_moduleDeployer), address(_engineDeployer));
    }
}
