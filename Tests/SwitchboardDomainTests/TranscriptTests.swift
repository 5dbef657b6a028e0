import Foundation
import SwitchboardDomain
import Testing

/// The `chat_log` cell split into messages and rendered back.
@Suite struct TranscriptTests {
    @Test func oneLinePerMessage() throws {
        let messages = try Transcript.split("Customer: Hi\nAI: Hello! How can I help?\nAgent[Carol]: Carol here.")
        #expect(
            messages == [
                TranscriptMessage(.customer, "Hi"), TranscriptMessage(.ai, "Hello! How can I help?"),
                TranscriptMessage(.agent("Carol"), "Carol here."),
            ]
        )
    }

    @Test func linesWithoutPrefixContinueTheMessage() throws {
        let messages = try Transcript.split("Customer: first line\nsecond line\n\nafter a blank line\nAI: ok")
        #expect(messages == [TranscriptMessage(.customer, "first line\nsecond line\n\nafter a blank line"), TranscriptMessage(.ai, "ok")])
    }

    @Test func prefixesInsideALineAreText() throws {
        let messages = try Transcript.split("Customer: I was told Agent[Bob]: no, and AI: yes, by Customer: me")
        #expect(messages == [TranscriptMessage(.customer, "I was told Agent[Bob]: no, and AI: yes, by Customer: me")])
    }

    @Test func agentNamesWithSpacesAndPunctuation() throws {
        let messages = try Transcript.split("Agent[Mary-Jane O'Neil]: hi\nAgent[ Dan ]:no space")
        #expect(messages == [TranscriptMessage(.agent("Mary-Jane O'Neil"), "hi"), TranscriptMessage(.agent("Dan"), "no space")])
    }

    @Test func somethingThatOnlyLooksLikeAnAgentPrefixContinues() throws {
        let messages = try Transcript.split("AI: see\nAgent[]: nobody\nAgent[Carol] said: hi")
        #expect(messages == [TranscriptMessage(.ai, "see\nAgent[]: nobody\nAgent[Carol] said: hi")])
    }

    @Test func crlfAndCRAreLineBreaks() throws {
        let messages = try Transcript.split("Customer: a\r\nb\rAI: c\r\n")
        #expect(messages == [TranscriptMessage(.customer, "a\nb"), TranscriptMessage(.ai, "c")])
    }

    @Test func commasAndQuotesAreText() throws {
        let messages = try Transcript.split("Customer: \"quoted\", with, commas")
        #expect(messages == [TranscriptMessage(.customer, "\"quoted\", with, commas")])
    }

    @Test func emptyTranscriptHasNoMessages() throws {
        #expect(try Transcript.split("").isEmpty)
        #expect(try Transcript.split("\n\n").isEmpty)
    }

    @Test func textBeforeTheFirstPrefixIsAProblem() {
        #expect(throws: Transcript.Problem(reason: "line 1 does not start with Customer:, AI: or Agent[Name]:")) {
            try Transcript.split("hello\nCustomer: hi")
        }
    }

    @Test func renderIsTheInverseOfSplit() throws {
        let text = "Customer: Hi, there\nsecond \"line\"\nAI: Agent[X]: inline\nAgent[Carol]: done"
        #expect(Transcript.render(try Transcript.split(text)) == text)
    }
}
