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

    static void print() {
        if (FIGURES.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder("\nGas of raw venue operations on the local chain\n");
        FIGURES.forEach((op, gas) -> out.append(String.format("  %-52s %,10d%n", op, gas)));
        System.out.print(out);
    }
}
