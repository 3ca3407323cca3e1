// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IBallastRiskEngine} from "./IBallastRiskEngine.sol";

/// @title IBallastRiskEngineDeployer
/// @notice What the factory calls on the risk engine deployer. An interface, so that contracts using the
/// deployer never compile the engine themselves (the engine is built with the IR pipeline only).
interface IBallastRiskEngineDeployer {
    /// @notice Deploys a risk engine at the CREATE2 address of (caller, salt).
    /// @param salt Caller-chosen salt.
    /// @param config The first configuration.
    /// @return engine The new, unbound engine.
    function deployRiskEngine(bytes32 salt, IBallastRiskEngine.RiskConfig calldata config)
        external
        returns (address engine);
}
