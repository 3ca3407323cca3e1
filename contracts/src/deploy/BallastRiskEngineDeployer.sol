// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BallastRiskEngine} from "../BallastRiskEngine.sol";
import {IBallastRiskEngine} from "../interfaces/IBallastRiskEngine.sol";
import {IBallastRiskEngineDeployer} from "../interfaces/IBallastRiskEngineDeployer.sol";
import {BallastChunkedDeployer} from "./BallastChunkedDeployer.sol";

/// @title BallastRiskEngineDeployer
/// @notice Deploys `BallastRiskEngine`s for the factory, keeping the engine's creation code out of the factory
/// and of the policy module. Holds no privilege.
/// @dev Compiled with the IR pipeline like the engine (see hardhat.config.ts), so the code it stores is the
/// engine's IR build, which fits in EIP-170.
contract BallastRiskEngineDeployer is IBallastRiskEngineDeployer, BallastChunkedDeployer {
    constructor() BallastChunkedDeployer(type(BallastRiskEngine).creationCode) {}

    /// @inheritdoc IBallastRiskEngineDeployer
    function deployRiskEngine(bytes32 salt, IBallastRiskEngine.RiskConfig calldata config)
        external
        returns (address engine)
    {
        return _deploy(salt, abi.encode(config));
    }
}
