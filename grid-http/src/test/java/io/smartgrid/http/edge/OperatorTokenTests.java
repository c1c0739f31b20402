package io.smartgrid.http.edge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorTokenTests {

    @Test
    void admitsOnlyTheBearerOfTheConfiguredToken() {
        OperatorToken token = new OperatorToken("s3cret");
        assertThat(token.admits("Bearer s3cret")).isTrue();
        assertThat(token.admits("bearer  s3cret ")).isTrue();
        assertThat(token.admits(token.authorization())).isTrue();
        for (String wrong : new String[] { null, "", "Bearer", "Bearer ", "s3cret", "Basic s3cret", "Bearer s3cre",
                "Bearer s3cretx", "Bearer S3CRET", "Bearers3cret" }) {
            assertThat(token.admits(wrong)).as("%s", wrong).isFalse();
        }
    }

    @Test
    void withoutAConfiguredTokenNothingIsAdmitted() {
        for (String unset : new String[] { null, "", "   " }) {
            OperatorToken token = new OperatorToken(unset);
            assertThat(token.configured()).isFalse();
            assertThat(token.admits("Bearer " + unset)).isFalse();
            assertThat(token.admits("Bearer ")).isFalse();
        }
    }

    @Test
    void neverPrintsTheSecret() {
        assertThat(new OperatorToken("s3cret").toString()).doesNotContain("s3cret").contains("set");
    }
}
