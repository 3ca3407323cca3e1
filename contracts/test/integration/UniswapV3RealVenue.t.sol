// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {VaultFixture} from "../utils/VaultFixture.sol";
import {DelegateHarness} from "../utils/DelegateHarness.sol";
import {UniswapV3SwapAdapter} from "../../src/adapters/UniswapV3SwapAdapter.sol";
import {ISwapAdapter} from "../../src/interfaces/ISwapAdapter.sol";
import {IUniswapV3SwapRouter} from "../../src/interfaces/venues/IUniswapV3SwapRouter.sol";
import {IUniswapV3PoolLookup} from "../../src/interfaces/venues/IUniswapV3PoolLookup.sol";
import {TestERC20} from "../../src/local/TestERC20.sol";

interface IRealFactory {
    function createPool(address tokenA, address tokenB, uint24 fee) external returns (address pool);
}

interface IRealPool {
    function initialize(uint160 sqrtPriceX96) external;
    function mint(address recipient, int24 tickLower, int24 tickUpper, uint128 amount, bytes calldata data)
        external
        returns (uint256 amount0, uint256 amount1);
    function token0() external view returns (address);
    function token1() external view returns (address);
}

/// @notice Pays for liquidity minted directly on a pool (what the position manager does in production).
contract LiquidityMinter {
    function mint(IRealPool pool, uint128 liquidity) external {
        pool.mint(address(this), -887_270, 887_270, liquidity, "");
    }

    function uniswapV3MintCallback(uint256 amount0, uint256 amount1, bytes calldata) external {
        TestERC20(IRealPool(msg.sender).token0()).transfer(msg.sender, amount0);
        TestERC20(IRealPool(msg.sender).token1()).transfer(msg.sender, amount1);
    }
}

/// @notice The swap adapter against the real Uniswap V3 factory, pool and SwapRouter bytecode from npm:
/// checks the ABI, the token-order branches of the spot price and the delegatecalled swap.
contract UniswapV3RealVenueTest is VaultFixture {
    address internal factory;
    address internal router;
    IRealPool internal pool;
    UniswapV3SwapAdapter internal realSwapper;

    function setUp() public override {
        super.setUp();
        factory = _deploy("node_modules/@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json", "");
        router = _deploy(
            "node_modules/@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json",
            abi.encode(factory, address(weth))
        );
        pool = IRealPool(IRealFactory(factory).createPool(address(usdc), address(weth), 500));
        pool.initialize(_sqrtPriceX96(2000));
        LiquidityMinter minter = new LiquidityMinter();
        usdc.mint(address(minter), 100_000_000e6);
        weth.mint(address(minter), 50_000e18);
        minter.mint(pool, 2e17); // full range: about 4,500 WETH and 9M USDC
        realSwapper = new UniswapV3SwapAdapter(IUniswapV3SwapRouter(router), IUniswapV3PoolLookup(factory), 500);
    }

    function _deploy(string memory artifact, bytes memory args) internal returns (address addr) {
        bytes memory code = bytes.concat(vm.parseJsonBytes(vm.readFile(artifact), ".bytecode"), args);
        assembly {
            addr := create(0, add(code, 0x20), mload(code))
        }
        require(addr != address(0), "deploy failed");
    }

    /// @dev sqrt(token1 raw per token0 raw) in Q64.96 for `usdPerEth` USDC per WETH.
    function _sqrtPriceX96(uint256 usdPerEth) internal view returns (uint160) {
        uint256 ratioX192 = address(usdc) < address(weth)
            ? Math.mulDiv(1e18, 1 << 192, usdPerEth * 1e6)
            : Math.mulDiv(usdPerEth * 1e6, 1 << 192, 1e18);
        return uint160(Math.sqrt(ratioX192));
    }

    function test_spotPrice_readsRealPoolInBothOrders() public view {
        assertApproxEqRel(realSwapper.spotPrice(address(weth), address(usdc)), 2000e18, 1e12);
        assertApproxEqRel(realSwapper.spotPrice(address(usdc), address(weth)), 0.0005e18, 1e12);
    }

    function test_swapExactInput_throughRealRouter() public {
        DelegateHarness account = new DelegateHarness();
        usdc.mint(address(account), 2_000e6);
        bytes memory ret = account.exec(
            address(realSwapper),
            abi.encodeCall(ISwapAdapter.swapExactInput, (address(usdc), address(weth), 2_000e6, 0.99e18))
        );
        uint256 out = abi.decode(ret, (uint256));
        assertEq(weth.balanceOf(address(account)), out);
        assertApproxEqRel(out, 0.9995e18, 0.001e18, "0.05 % fee, tiny impact");
        assertEq(usdc.allowance(address(account), router), 0);
    }

    function test_vault_leveragesThroughRealPool() public {
        // Same vault setup as the fixture but on the real pool.
        swapper = realSwapper;
        _deployVault(_defaultPolicy());
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
        assertApproxEqAbs(vault.position().exposureWad, 2e18, 0.1e18);
    }
}
