// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {VaultFixture} from "../utils/VaultFixture.sol";
import {BallastVault} from "../../src/BallastVault.sol";
import {BallastPolicyModule} from "../../src/BallastPolicyModule.sol";
import {BallastVaultFactory} from "../../src/BallastVaultFactory.sol";
import {BallastVaultDeployer} from "../../src/deploy/BallastVaultDeployer.sol";
import {BallastPolicyModuleDeployer} from "../../src/deploy/BallastPolicyModuleDeployer.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";
import {IBallastVaultFactory} from "../../src/interfaces/IBallastVaultFactory.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";
import {IBallastRiskEngineDeployer} from "../../src/interfaces/IBallastRiskEngineDeployer.sol";

contract BallastVaultFactoryTest is VaultFixture {
    BallastVaultFactory internal factory;
    BallastVaultDeployer internal vaultDeployer;
    BallastPolicyModuleDeployer internal moduleDeployer;
    IBallastRiskEngineDeployer internal engineDeployer;

    function setUp() public override {
        super.setUp();
        vaultDeployer = new BallastVaultDeployer();
        moduleDeployer = new BallastPolicyModuleDeployer();
        engineDeployer = IBallastRiskEngineDeployer(_deployArtifact(ENGINE_DEPLOYER_ARTIFACT, ""));
        factory = new BallastVaultFactory(address(this), vaultDeployer, moduleDeployer, engineDeployer);
    }

    function _config() internal view returns (IBallastVault.VaultConfig memory) {
        return IBallastVault.VaultConfig({
            asset: address(usdc),
            base: address(weth),
            name: "Ballast ETH 2x",
            symbol: "bETH2x",
            priceModule: prices,
            policyModule: IBallastPolicyModule(address(0)),
            lendingAdapter: lending,
            swapAdapter: swapper,
            admin: address(this),
            curator: curator,
            guardian: guardian
        });
    }

    function _create() internal returns (address v, address m) {
        return factory.createVault(_config(), _defaultPolicy(), _minBounds(), _maxBounds(), TIMELOCK, _riskConfig());
    }

    function test_createVault_deploysBoundVaultAndRegistersIt() public {
        IBallastVault.VaultConfig memory c = _config();
        vm.expectEmit(false, false, true, false, address(factory));
        emit IBallastVaultFactory.VaultCreated(address(0), address(0), address(usdc), address(weth), 0, address(this));
        uint256 gasBefore = gasleft();
        (address v, address m) = _create();
        // gas is that of the optimized build; the coverage build (BALLAST_FORGE) is unoptimized and costs more
        if (!vm.envOr("BALLAST_FORGE", false)) {
            assertLt(gasBefore - gasleft(), 16_000_000, "fits one transaction under the EIP-7825 cap");
        }
        BallastVault created = BallastVault(v);
        assertEq(address(created.policyModule()), m);
        assertEq(BallastPolicyModule(m).vault(), v);
        assertEq(BallastPolicyModule(m).riskEngine().policyModule().vault(), v, "engine bound to the module");
        assertEq(created.asset(), c.asset);
        assertEq(created.name(), "Ballast ETH 2x");
        assertTrue(created.hasRole(created.CURATOR_ROLE(), curator));
        assertTrue(created.hasRole(created.DEFAULT_ADMIN_ROLE(), address(this)));
        assertEq(factory.vaultsCount(), 1);
        assertTrue(factory.isVault(v));
        assertFalse(factory.isVault(address(vault)));
        assertEq(v.code.length, address(vault).code.length, "same runtime as a directly deployed vault");
    }

    function test_createVault_vaultWorksEndToEnd() public {
        (address v,) = _create();
        BallastVault created = BallastVault(v);
        created.grantRole(created.KEEPER_ROLE(), keeper);
        usdc.mint(alice, 1_000e6);
        vm.startPrank(alice);
        usdc.approve(v, 1_000e6);
        created.deposit(1_000e6, alice);
        vm.stopPrank();
        vm.txGasPrice(GAS_PRICE);
        vm.prank(keeper);
        created.performUpkeep("");
        assertGt(created.position().netBaseValue, 0);
    }

    function test_createVault_onlyDeployerRole() public {
        IBallastVault.VaultConfig memory c = _config();
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        IBallastPolicyModule.Policy memory lo = _minBounds();
        IBallastPolicyModule.Policy memory hi = _maxBounds();
        bytes32 role = factory.DEPLOYER_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, role));
        vm.prank(alice);
        factory.createVault(c, p, lo, hi, TIMELOCK, _riskConfig());
        factory.grantRole(role, alice);
        vm.prank(alice);
        factory.createVault(c, p, lo, hi, TIMELOCK, _riskConfig());
        assertEq(factory.vaultsCount(), 1);
    }

    function test_createVault_revertsWhenModuleGiven() public {
        IBallastVault.VaultConfig memory c = _config();
        c.policyModule = policyModule;
        vm.expectRevert(abi.encodeWithSelector(IBallastVaultFactory.FactoryPolicyModuleSet.selector, address(policyModule)));
        factory.createVault(c, _defaultPolicy(), _minBounds(), _maxBounds(), TIMELOCK, _riskConfig());
    }

    function test_createVault_bubblesPolicyErrors() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.targetExposureWad = 4e18;
        vm.expectRevert();
        factory.createVault(_config(), p, _minBounds(), _maxBounds(), TIMELOCK, _riskConfig());
        assertEq(factory.vaultsCount(), 0);
    }

    function test_vaults_paginates() public {
        address[] memory created = new address[](5);
        for (uint256 i; i < 5; ++i) (created[i],) = _create();
        address[] memory page = factory.vaults(0, 2);
        assertEq(page.length, 2);
        assertEq(page[0], created[0]);
        assertEq(page[1], created[1]);
        page = factory.vaults(3, 10);
        assertEq(page.length, 2);
        assertEq(page[1], created[4]);
        assertEq(factory.vaults(5, 10).length, 0);
        assertEq(factory.vaults(99, 10).length, 0);
        assertEq(factory.vaults(1, 0).length, 0);
        assertEq(factory.vaults(2, type(uint256).max).length, 3);
    }

    function test_constructor_revertsOnZeroAddresses() public {
        vm.expectRevert(IBallastVaultFactory.FactoryConfigInvalid.selector);
        new BallastVaultFactory(address(0), vaultDeployer, moduleDeployer, engineDeployer);
        vm.expectRevert(IBallastVaultFactory.FactoryConfigInvalid.selector);
        new BallastVaultFactory(address(this), BallastVaultDeployer(address(0)), moduleDeployer, engineDeployer);
        vm.expectRevert(IBallastVaultFactory.FactoryConfigInvalid.selector);
        new BallastVaultFactory(address(this), vaultDeployer, moduleDeployer, IBallastRiskEngineDeployer(address(0)));
        (address vd, address md, address ed) = factory.deployers();
        assertEq(vd, address(vaultDeployer));
        assertEq(md, address(moduleDeployer));
        assertEq(ed, address(engineDeployer));
    }

    function test_deployer_chunksStayUnderCodeSizeLimit() public view {
        address[] memory parts = vaultDeployer.chunks();
        assertGt(parts.length, 1, "vault creation code needs more than one chunk");
        for (uint256 i; i < parts.length; ++i) {
            assertLe(parts[i].code.length, 24_576);
            assertEq(uint8(parts[i].code[0]), 0, "starts with STOP");
        }
        assertEq(vaultDeployer.creationCodeHash(), keccak256(type(BallastVault).creationCode));
        assertEq(moduleDeployer.creationCodeHash(), keccak256(type(BallastPolicyModule).creationCode));
    }

    function test_deployer_predictsAndSaltsPerCaller() public {
        IBallastVault.VaultConfig memory c = _config();
        c.policyModule =
            new BallastPolicyModule(_defaultPolicy(), _minBounds(), _maxBounds(), TIMELOCK, _newEngine(_riskConfig()));
        address predicted = vaultDeployer.predictVault(alice, bytes32(0), c);
        vm.prank(alice);
        address v = vaultDeployer.deployVault(bytes32(0), c);
        assertEq(v, predicted);
        assertTrue(vaultDeployer.predictVault(bob, bytes32(0), c) != predicted, "another caller, another address");
    }
}

contract CodeSizeTest is VaultFixture {
    uint256 internal constant EIP170 = 24_576;

    function test_runtimeSizes_underEip170() public {
        assertLt(address(vault).code.length, EIP170, "vault");
        assertLt(address(policyModule).code.length, EIP170, "policy module");
        assertLt(address(prices).code.length, EIP170, "price module");
        assertLt(address(lending).code.length, EIP170, "lending adapter");
        assertLt(address(swapper).code.length, EIP170, "swap adapter");
        BallastVaultDeployer vd = new BallastVaultDeployer();
        BallastPolicyModuleDeployer md = new BallastPolicyModuleDeployer();
        assertLt(address(vd).code.length, EIP170, "vault deployer");
        assertLt(address(md).code.length, EIP170, "module deployer");
        assertLt(address(engine).code.length, EIP170, "risk engine");
        IBallastRiskEngineDeployer ed = IBallastRiskEngineDeployer(_deployArtifact(ENGINE_DEPLOYER_ARTIFACT, ""));
        assertLt(address(ed).code.length, EIP170, "engine deployer");
        assertLt(address(new BallastVaultFactory(address(this), vd, md, ed)).code.length, EIP170, "factory");
        // EIP-3860: creation code of each deployer within 49,152 bytes
        assertLt(type(BallastVaultDeployer).creationCode.length, 49_152);
        assertLt(type(BallastPolicyModuleDeployer).creationCode.length, 49_152);
        assertLt(_creationCode(ENGINE_DEPLOYER_ARTIFACT).length, 49_152);
    }
}
