// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BallastPolicyModule} from "../BallastPolicyModule.sol";
import {IBallastPolicyModule} from "../interfaces/IBallastPolicyModule.sol";
import {IBallastRiskEngine} from "../interfaces/IBallastRiskEngine.sol";
import {BallastChunkedDeployer} from "./BallastChunkedDeployer.sol";

/// @title BallastPolicyModuleDeployer
/// @notice Deploys `BallastPolicyModule`s for the factory, keeping the module's creation code out of the
/// factory so either can grow. Holds no privilege.
contract BallastPolicyModuleDeployer is BallastChunkedDeployer {
    constructor() BallastChunkedDeployer(type(BallastPolicyModule).creationCode) {}

    /// @notice Deploys a policy module at the CREATE2 address of (caller, salt).
    /// @param salt Caller-chosen salt.
    /// @param initial The first policy.
    /// @param lo Hard lower bounds.
    /// @param hi Hard upper bounds.
    /// @param timelock Seconds a risk-adding change waits.
    /// @param engine The vault's risk engine, unbound.
    /// @return module The new, unbound module.
    function deployPolicyModule(
        bytes32 salt,
        IBallastPolicyModule.Policy calldata initial,
        IBallastPolicyModule.Policy calldata lo,
        IBallastPolicyModule.Policy calldata hi,
        uint256 timelock,
        IBallastRiskEngine engine
    ) external returns (address module) {
        return _deploy(salt, abi.encode(initial, lo, hi, timelock, engine));
    }
}
