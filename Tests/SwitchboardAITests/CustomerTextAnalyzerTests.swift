import SwitchboardDemo
import SwitchboardDomain
import Testing

/// Recognising requests for a person, and contact details, in what customers type.
@Suite struct CustomerTextAnalyzerTests {
    @Test(arguments: [
        "can I talk to a real person", "agent please", "I'd like to speak to a representative",
        "is there a human I can chat with?", "this isn't helping, can you put me through to someone",
        "speak to support team", "I need a person, not a bot", "could someone from your team call or message me?",
        "Talk to a human", "REAL PERSON PLEASE", "operator", "Operator!!", "customer service", "live chat please",
        "connect me with an agent", "transfer me to a live agent", "I want to speak with someone", "human please",
        "can I speak to a manager", "is there anyone I can talk to?", "I don't want to talk to a bot",
        "i want a real human", "let me chat with a staff member", "can somebody call me back",
        "representative", "speak to someone now", "get me a human",
    ])
    func recognisesAskingForAPerson(text: String) {
        #expect(CustomerTextAnalyzer.isHumanRequest(text))
    }

    @Test(arguments: [
        "can i tlak to a pesron", "speek to someone please", "I want to speak to a humna", "representitive please",
        "connect me to an agnet", "reprasentative", "can I talk to somone", "talk to a persn",
    ])
    func toleratesTypos(text: String) {
        #expect(CustomerTextAnalyzer.isHumanRequest(text))
    }

    @Test(arguments: [
        "I'm a travel agent", "does the agent course include exam prep?", "I'm a real estate agent looking for a course",
        "can someone review my resume and cover letter", "how can someone check my certificate is genuine and not fake?",
        "when is live chat open?", "is live chat open at weekends?", "how do I talk to my mentor about my project",
        "I spoke to an agent yesterday and they said I'd get a refund", "is there a human resources course?",
        "what does a customer service representative do all day?", "I need an agent course", "our operator licence expired",
        "I'm not sure the bot understood me", "what are your support hours", "how do I chat with other learners in my cohort",
        "can I speak with my instructor during the workshop", "where is the agent portal", "how much is a person ticket",
        "do you offer phone support? I'd rather call", "my employer will reimburse me for the course",
        "is there someone who can fix my bike today", "the human anatomy module is hard", "what's on the agenda",
        "", "   ",
    ])
    func doesNotMistakeMentionsForRequests(text: String) {
        #expect(!CustomerTextAnalyzer.isHumanRequest(text))
    }

    @Test(arguments: DemoContent.organisationSlugs)
    func recognisesTheDemoHumanRequests(slug: String) throws {
        let content = try DemoContent.load(slug: slug)
        for text in content.scripts.humanRequests {
            #expect(CustomerTextAnalyzer.isHumanRequest(text), "\(text)")
        }
        for text in content.articles.flatMap(\.questions) + content.scripts.unrelatedQuestions {
            #expect(!CustomerTextAnalyzer.isHumanRequest(text), "\(text)")
        }
    }

    @Test(arguments: [
        ("mail me at Dana.Smith+chat@Example.CO.UK please", "dana.smith+chat@example.co.uk"),
        ("my email is sam@harbourbikes.example.", "sam@harbourbikes.example"),
        ("<a@b.io>", "a@b.io"),
        ("first jo@x.example then jo@y.example", "jo@x.example"),
    ])
    func findsEmailAddresses(text: String, email: String) {
        #expect(CustomerTextAnalyzer.extractContact(text).email == email)
    }

    @Test(arguments: ["email me at sam@", "sam at example dot com", "@handle on twitter", "user@localhost"])
    func ignoresWhatIsNotAnEmailAddress(text: String) {
        #expect(CustomerTextAnalyzer.extractContact(text).email == nil)
    }

    @Test(arguments: [
        ("call me on +1 555 018 3350 after 5", "+1 555 018 3350"),
        ("my number is (555) 018-3350.", "(555) 018-3350"),
        ("555.018.3350", "555.018.3350"),
        ("ring 07700  900123 tomorrow", "07700 900123"),
        ("+44 20 7946 0000", "+44 20 7946 0000"),
        ("phone: 5550183350", "5550183350"),
        ("order 12345, phone 555-0183", "555-0183"),
    ])
    func findsPhoneNumbers(text: String, phone: String) {
        #expect(CustomerTextAnalyzer.extractContact(text).phone == phone)
    }

    @Test(arguments: [
        "my order number is 123456", "order #1234567 hasn't arrived", "it cost $1 299 000 in total", "the price was 12345.67",
        "I enrolled on 2024-05-01", "started 01.05.2024", "card 4111 1111 1111 1111 declined", "invoice 20240501 is wrong",
        "server 192.168.100.200 is down", "it's 1500 dollars", "we have 3 bikes and 4 helmets", "ref 9876543",
    ])
    func ignoresNumbersThatAreNotPhoneNumbers(text: String) {
        #expect(CustomerTextAnalyzer.extractContact(text).phone == nil, "\(CustomerTextAnalyzer.extractContact(text))")
    }

    @Test func doesNotReadAPhoneNumberOutOfAnEmailAddress() {
        let contact = CustomerTextAnalyzer.extractContact("write to sam.5550183350@example.com")
        #expect(contact == ContactDetails(email: "sam.5550183350@example.com", phone: nil, name: nil))
    }

    @Test(arguments: [
        ("my name is Sam Jones", "Sam Jones"), ("My name is sam and I need help", "Sam"), ("my name's Ana Lima.", "Ana Lima"),
        ("Name: Jane Doe", "Jane Doe"), ("Hi, this is Dana from Acme", "Dana"), ("I'm Priya, I can't log in", "Priya"),
        ("Hello I am Mary-Jane O'Neil and my card was declined", "Mary-Jane O'Neil"), ("hi im Tom", "Tom"),
        ("I’m Zoë", "Zoë"), ("I'm Sam Looking for a course", "Sam"),
    ])
    func findsNames(text: String, name: String) {
        #expect(CustomerTextAnalyzer.extractContact(text).name == name)
    }

    @Test(arguments: [
        "I'm looking for a course", "I'm not sure", "I'm Not sure what to pick", "this is ridiculous", "This is The worst",
        "my name is misspelled on my certificate", "my name is wrong on my certificate", "I'm in Germany", "I am Interested",
        "I'm dyslexic, is there a dyslexia friendly font?", "This is Looking bad", "I'm 34", "my name is spelled wrong",
        "I claim name: nothing", "I'm Sorry", "I'm Trying to enrol",
    ])
    func doesNotMistakeOtherWordsForNames(text: String) {
        #expect(CustomerTextAnalyzer.extractContact(text).name == nil, "\(CustomerTextAnalyzer.extractContact(text))")
    }

    @Test func findsEverythingInOneMessage() {
        let contact = CustomerTextAnalyzer.extractContact("Hi, my name is Carol King, email CAROL@example.com, phone +1 (555) 018-3350")
        #expect(contact == ContactDetails(email: "carol@example.com", phone: "+1 (555) 018-3350", name: "Carol King"))
        #expect(CustomerTextAnalyzer.extractContact("how do I enrol?").isEmpty)
    }
}
