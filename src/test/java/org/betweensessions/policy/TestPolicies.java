package org.betweensessions.policy;

import java.util.List;
import org.betweensessions.message.Channel;
import org.betweensessions.policy.PolicyDocument.BillingRule;
import org.betweensessions.policy.PolicyDocument.ContactPurpose;
import org.betweensessions.policy.PolicyDocument.CrisisProtocol;
import org.betweensessions.policy.PolicyDocument.CrisisResource;
import org.betweensessions.policy.PolicyDocument.ModalityExceptions;
import org.betweensessions.policy.PolicyDocument.OfferedChannel;
import org.betweensessions.policy.PolicyDocument.ResponseWindow;

/** Policy documents for tests: a complete one, and variations of it. */
public final class TestPolicies {

    private TestPolicies() {}

    public static PolicyDocument complete() {
        return withWindow(new ResponseWindow("BUSINESS_HOURS", 24, false, false, true));
    }

    public static PolicyDocument withWindow(ResponseWindow window) {
        return new PolicyDocument(
                List.of(
                        new OfferedChannel(
                                Channel.PORTAL,
                                List.of(ContactPurpose.ADMINISTRATIVE, ContactPurpose.CLINICAL_CHECK_IN),
                                "https://portal.test.example",
                                "Sign in with the invitation we email you."),
                        new OfferedChannel(
                                Channel.EMAIL,
                                List.of(ContactPurpose.ADMINISTRATIVE),
                                "office@test.example",
                                "Encrypted practice email."),
                        new OfferedChannel(
                                Channel.PHONE,
                                List.of(ContactPurpose.CLINICAL_CHECK_IN),
                                "+1 555 0199",
                                "Scheduled phone check-ins only.")),
                List.of(Channel.SMS, Channel.SOCIAL_MEDIA),
                window,
                new CrisisProtocol(
                        "Thoughts of harming yourself or someone else.",
                        List.of(
                                new CrisisResource("988 Suicide & Crisis Lifeline", "Call or text 988"),
                                new CrisisResource("Emergency services", "911")),
                        "Messages are not read after hours. In a crisis, call or text 988 or call 911."),
                "I do not connect with clients on social media.",
                "I may not be able to accept gifts.",
                new ModalityExceptions(false, true),
                new BillingRule(true, 10, 15));
    }
}
