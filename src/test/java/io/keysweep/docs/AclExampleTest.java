package io.keysweep.docs;

import java.util.List;

import io.keysweep.testing.KeysweepAcl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The least-privilege ACL the docs give operators is, word for word, the one the tests
 * create and sweep with ({@link KeysweepAcl}, used by AclUserTest), so a command keysweep
 * starts to need cannot be missing from it.
 */
class AclExampleTest {

	@Test
	void theDocumentedAclIsTheOneTheTestsSweepWith() {
		List<String> documented = Documentation.all()
			.stream()
			.flatMap(doc -> doc.blocks().stream())
			.map(block -> String.join(" ", block.lines()).strip().replaceAll("\\s+", " "))
			.filter(text -> text.startsWith("ACL SETUSER " + KeysweepAcl.USER + " "))
			.toList();
		assertThat(documented).as("ACL SETUSER blocks in the docs")
			.singleElement()
			.isEqualTo("ACL SETUSER " + KeysweepAcl.USER + " "
					+ KeysweepAcl.RULES.replace(">" + KeysweepAcl.PASSWORD, ">PASSWORD"));
	}

}
