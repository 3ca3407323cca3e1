package io.ballast.test;

import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Gas of the raw venue operations, as mined on the local chain during the tests, printed at the end of the run: the
 * floor that Ballast's overhead is later measured against. Printed after the test class that records them.
 */
final class GasFigures {
    private static final Map<String, BigInteger> FIGURES = new ConcurrentSkipListMap<>();

    private GasFigures() {}

    static void record(String operation, TransactionReceipt receipt) {
        if (!receipt.isStatusOK()) {
            throw new IllegalArgumentException(operation + " reverted: " + receipt.getTransactionHash());
        }
        FIGURES.put(operation, receipt.getGasUsed());
    }

    static void record(String operation, BigInteger gas) {
        FIGURES.put(operation, gas);
    }

    static void print() {
        if (FIGURES.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder("\nGas on the local chain (venue floor and Ballast)\n");
        FIGURES.forEach((op, gas) -> out.append(String.format("  %-60s %,10d%n", op, gas)));
        System.out.print(out);
    }
}
