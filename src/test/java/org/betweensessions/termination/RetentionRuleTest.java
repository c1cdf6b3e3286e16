package org.betweensessions.termination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The records retention rule with its defaults (7 years after the last service; for a client with a
 * date of birth also 3 years after coming of age at 18, the later date) and configured numbers, at
 * the edges: the day of coming of age, 29 February, a client of age before the last service, no date
 * of birth.
 */
class RetentionRuleTest {

    private final RetentionRule defaults =
            RetentionRule.of(new TerminationProperties(null, null, null, null, null, null, null, null, null));

    @Test
    void theDefaultsAreSevenYearsThreeYearsAndEighteen() {
        assertThat(defaults).isEqualTo(new RetentionRule(7, 3, 18));
    }

    @Test
    void withoutADateOfBirthTheAdultRuleApplies() {
        assertThat(defaults.retainUntil(LocalDate.of(2027, 1, 15), null)).isEqualTo(LocalDate.of(2034, 1, 15));
        assertThat(defaults.minorRuleApplies(LocalDate.of(2027, 1, 15), null)).isFalse();
    }

    @Test
    void aYoungChildsRecordIsKeptUntilThreeYearsAfterComingOfAge() {
        LocalDate born = LocalDate.of(2017, 6, 30);
        LocalDate lastService = LocalDate.of(2027, 1, 15);

        assertThat(defaults.comingOfAge(born)).isEqualTo(LocalDate.of(2035, 6, 30));
        assertThat(defaults.retainUntil(lastService, born)).isEqualTo(LocalDate.of(2038, 6, 30));
        assertThat(defaults.minorRuleApplies(lastService, born)).isTrue();
    }

    @Test
    void anAdultWithADateOfBirthKeepsTheAdultRule() {
        LocalDate born = LocalDate.of(1980, 3, 1);
        assertThat(defaults.retainUntil(LocalDate.of(2027, 1, 15), born)).isEqualTo(LocalDate.of(2034, 1, 15));
        assertThat(defaults.minorRuleApplies(LocalDate.of(2027, 1, 15), born)).isFalse();
    }

    @Test
    void bothRulesGiveTheSameDayAtTheBoundaryAndOneDayTipsIt() {
        // Last service when the client is exactly 14: 14 + 7 = 18 + 3, the same day.
        LocalDate born = LocalDate.of(2013, 5, 10);
        LocalDate atFourteen = LocalDate.of(2027, 5, 10);
        assertThat(defaults.retainUntil(atFourteen, born)).isEqualTo(LocalDate.of(2034, 5, 10));
        assertThat(defaults.minorRuleApplies(atFourteen, born)).isFalse();
        // A day before the 14th birthday: the minors' rule is a day later.
        assertThat(defaults.retainUntil(atFourteen.minusDays(1), born)).isEqualTo(LocalDate.of(2034, 5, 10));
        assertThat(defaults.minorRuleApplies(atFourteen.minusDays(1), born)).isTrue();
        // A day after: the adult rule.
        assertThat(defaults.retainUntil(atFourteen.plusDays(1), born)).isEqualTo(LocalDate.of(2034, 5, 11));
    }

    @Test
    void aClientBornOnTheTwentyNinthOfFebruaryComesOfAgeOnTheFirstOfMarchInOtherYears() {
        LocalDate born = LocalDate.of(2012, 2, 29);
        assertThat(defaults.comingOfAge(born)).isEqualTo(LocalDate.of(2030, 3, 1));
        assertThat(defaults.retainUntil(LocalDate.of(2025, 1, 1), born)).isEqualTo(LocalDate.of(2033, 3, 1));
        // In a leap year the birthday itself.
        assertThat(new RetentionRule(7, 3, 20).comingOfAge(born)).isEqualTo(LocalDate.of(2032, 2, 29));
        assertThat(new RetentionRule(7, 4, 20).retainUntil(LocalDate.of(2025, 1, 1), born))
                .isEqualTo(LocalDate.of(2036, 2, 29));
    }

    @Test
    void aLastServiceOnTheTwentyNinthOfFebruaryIsKeptIntoMarch() {
        assertThat(defaults.retainUntil(LocalDate.of(2028, 2, 29), null)).isEqualTo(LocalDate.of(2035, 3, 1));
    }

    @Test
    void theNumbersAreConfiguration() {
        RetentionRule state =
                RetentionRule.of(new TerminationProperties(null, null, 10, null, null, null, null, 5, 21));
        LocalDate born = LocalDate.of(2015, 1, 1);
        assertThat(state.comingOfAge(born)).isEqualTo(LocalDate.of(2036, 1, 1));
        assertThat(state.retainUntil(LocalDate.of(2027, 1, 1), born)).isEqualTo(LocalDate.of(2041, 1, 1));
        assertThat(state.retainUntil(LocalDate.of(2027, 1, 1), null)).isEqualTo(LocalDate.of(2037, 1, 1));
        assertThatThrownBy(() -> new TerminationProperties(null, null, null, null, null, null, null, -1, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TerminationProperties(null, null, null, null, null, null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
