package io.ballast.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LibrariesTest {
    private static final String FQN = "contracts/protocol/libraries/logic/BorrowLogic.sol:BorrowLogic";
    private static final String ADDRESS = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    @Test
    void placeholderShouldBeSolcsHashedForm() {
        String placeholder = Libraries.placeholder(FQN);
        assertThat(placeholder).startsWith("__$").endsWith("$__").hasSize(40);
    }

    @Test
    void linkShouldReplaceEveryPlaceholderOfTheLibrary() {
        String p = Libraries.placeholder(FQN);
        String linked = Libraries.link("0x60" + p + "73" + p, Map.of(FQN, ADDRESS));
        String bare = ADDRESS.substring(2).toLowerCase();
        assertThat(linked).isEqualTo("0x60" + bare + "73" + bare);
    }

    @Test
    void linkShouldRefuseAnUnusedLibraryAndReportOneLeftUnlinked() {
        assertThatThrownBy(() -> Libraries.link("0x6000", Map.of(FQN, ADDRESS)))
                .hasMessageContaining("does not use library " + FQN);
        String other = Libraries.placeholder("a/B.sol:B");
        assertThatThrownBy(() -> Libraries.link("0x" + Libraries.placeholder(FQN) + other, Map.of(FQN, ADDRESS)))
                .hasMessageContaining("unlinked library");
    }
}
