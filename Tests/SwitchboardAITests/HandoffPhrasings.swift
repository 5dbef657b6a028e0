/// An evaluation set for recognising requests for a person, written the way customers type
/// (typos, lower case, no punctuation, politeness, anger, several sentences, non-native English),
/// grouped by the kind of phrasing so a regression shows which kind of language it broke.
enum HandoffPhrasings {
    /// A named group of messages that should all be read the same way.
    struct Group {
        var name: String
        var texts: [String]
    }

    /// Messages that ask for a person.
    static let requests: [Group] = [
        Group(
            name: "connecting, escalating, transferring",
            texts: [
                "connect me to a human", "can you connect me with someone please", "Please connect me to an agent.",
                "conect me to a real person", "connect me with customer service", "pls connect me", "connect me now",
                "put me through to someone", "can u put me through to a person", "put me thru to an agent please",
                "transfer me", "transfer me to a human agent", "can you transfer me to the billing team?",
                "Transfer me to a live agent NOW", "tranfer me to someone pls", "could you transfer this chat to a person",
                "escalate this", "please escalate this to a supervisor", "I want this escalated", "escalate my case please",
                "can you escalate this to your manager", "escalate to human", "this needs to be escalated to a real person",
                "get me a human", "get me someone who knows what they're doing", "just get me a real person",
                "pass me to someone", "pass me on to an agent please", "can you pass this to a real person",
                "hand me over to a human", "hand me over please", "hand this over to someone from your team",
                "loop in a human", "can you loop in someone from support", "loop a real person in please",
                "redirect me to an agent", "forward me to customer support", "route me to a person",
                "bring in a human please", "can you get someone on here", "get a real person in this chat",
                "patch me through to a representative", "switch me to a human agent", "send me to a real person",
                "put me in touch with someone", "put me on with a rep", "could you hand off to a person",
            ]
        ),
        Group(
            name: "talking to a person",
            texts: [
                "can I talk to a real person", "I want to speak to someone", "speak to human", "talk to agent",
                "i need to talk to somebody", "can i speak with a representative", "let me talk to a person",
                "Can I please speak to a human being?", "i would like to speak with customer service",
                "can I chat with one of your staff", "I'd like to talk to a member of staff", "talk to a person pls",
                "may i speak to your manager", "I wish to speak with a supervisor", "how do i talk to a human",
                "how can I speak to someone", "how do I reach a real person", "how do i contact customer support",
                "can i get in touch with someone from your team", "i need to get hold of a person", "speak agent please",
                "i want talk with real person", "please i need speak with somebody", "can I tlak to a persn",
                "speek to someone please", "can i tak to an agnet", "i wanna talk to a human", "lemme talk to someone",
                "why cant i talk to a human", "i cant get through to anyone", "i need to speak to someone urgently",
                "I have to talk to somebody about my refund", "can I talk to someone about my order", "talk to support",
                "can i talk to sales", "I want to chat with a real human", "is it possible to speak to an operator",
                "would it be possible to talk to someone", "Can I talk to the owner?", "i need to discuss this with a person",
                "want to speak to the person in charge", "speak to representitive", "can I communicate with a human",
            ]
        ),
        Group(
            name: "asking for a person",
            texts: [
                "I want a human", "i need a real person", "i need an agent", "give me a person", "I need someone",
                "can I get a human please", "can i have a real person", "I'd like a representative please",
                "i need a human to check this", "I need someone to look at my account", "i want someone from support",
                "I'd like someone to call me back", "need a person asap", "i require assistance from a human",
                "requesting a live agent", "I demand to speak to a manager", "I want a supervisor", "i need the support team",
                "I need help from a real person", "looking for a real person to help me", "i need human help",
                "I need a human not a machine", "need human assistance please", "i need a person to help me with my booking",
                "can i get someone to call me", "have someone contact me please", "i want customer service",
                "Hi, I need someone from your team to look at my invoice", "real human needed", "need a rep",
                "i need staff help", "I need to speak to someone, my package never arrived",
            ]
        ),
        Group(
            name: "a person as the subject",
            texts: [
                "can someone call me", "could an agent look at this", "can somebody help me",
                "could someone from your team get back to me", "can a real person answer me",
                "will someone please help me", "could a human please check my order", "can someone contact me about this",
                "someone please help", "somebody help me please", "can anyone help me?", "can a person look into this",
                "an agent needs to look at this", "a human should check this", "can someone ring me on 07700 900123",
                "could one of your staff email me", "can a rep reach out to me", "can someone explain this to me properly",
                "is there anyone who can help me", "could someone take a look at my account",
                "please can someone get back to me today", "can somone help", "can a human look over my refund request",
            ]
        ),
        Group(
            name: "is anyone there",
            texts: [
                "is there a human I can talk to", "is there anyone there?", "anyone there??", "hello? is anybody there",
                "is there a real person available", "are there any agents online", "is there someone I can speak with",
                "is there a person who can help", "hello anyone", "is anyone there", "somebody there?", "is there a live agent",
                "are there any humans around", "is there any real person here", "any human there?",
            ]
        ),
        Group(
            name: "just the person",
            texts: [
                "agent", "human", "human please", "real person", "REAL PERSON PLEASE", "operator!!", "representative",
                "customer service", "live agent", "agent pls", "a human please", "person", "human!!!", "representitive",
                "live person now", "human agent", "customer support please", "Operator", "real human pls", "agent agent agent",
                "rep please", "human?", "a real person please thanks", "support team please",
            ]
        ),
        Group(
            name: "preferring a person",
            texts: [
                "I'd rather talk to a person", "I prefer speaking to someone", "no bots please", "no bot",
                "i would prefer a human", "I'd rather speak with a real person thanks", "i prefer a real human",
                "I'd rather deal with a person", "no robots, a person please", "I don't want to talk to a bot",
                "i dont want a bot i want a person", "not a bot please", "stop the bot", "I hate chatbots, person please",
                "a person not a bot", "human not robot", "I'd prefer to chat with an agent", "no more bots",
                "i'd rather have a human look at this", "rather talk to someone than a machine",
                "i don't want to chat with a robot", "enough with the bot", "I'm tired of talking to a bot",
                "not interested in talking to an ai", "prefer a human", "instead of a bot can I have a person",
            ]
        ),
        Group(
            name: "frustration with the bot",
            texts: [
                "this bot is useless", "you're not helping", "stop, I want a real person", "are you a robot? useless",
                "useless bot", "this is useless", "you are useless", "you dont understand", "stupid bot",
                "this isn't helping", "youre not helping me at all", "you are not understanding me", "what a useless chatbot",
                "this chat bot is rubbish", "you're a bot aren't you. useless", "this is not helpful",
                "that's not what I asked", "omg you are so useless", "this bot doesn't understand anything",
                "you're no help", "the bot is not helping", "you keep giving me the same answer", "not helpful at all",
                "you don't understand my question", "ugh useless", "this AI is stupid", "are you even a real person? this is pointless",
                "you are not helpful", "are u a bot? waste of time",
            ]
        ),
        Group(
            name: "several sentences",
            texts: [
                "Hi there. My order hasn't arrived. Can I talk to someone?",
                "I've tried everything on the website. Nothing works. Please put me through to an agent.",
                "hello i have a problem with my payment it was taken twice i need a person",
                "My bike broke after one day!!! I want to speak to the manager right now",
                "thanks for the info but id like to talk to a human about this",
                "ok that doesn't answer it. can someone call me please, my number is 555 018 3350",
                "I am very angry. Your service is terrible. Get me a supervisor.",
                "Good morning, sorry to bother you, would it be possible to speak with a member of your team? Thank you",
                "This is the third time I'm asking. I want a real person, not an automated reply.",
                "i dont know how to explain it. is there somebody i can call",
                "sorry my english not good. i want speak with person please",
                "Hello, I need some help with my certificate, can I speak to someone from the team?",
            ]
        ),
        // Written after the rules and run once unseen (30 of 42 recognised); kept to guard the fixes.
        Group(
            name: "second batch",
            texts: [
                "Can you please get a real human on this chat", "yo get me an actual person", "i need to talk with a live agent asap",
                "I would prefer to speak to somebody from the company", "pls just let me speak to someone", "human being please!!",
                "Could somebody from customer care phone me tomorrow?", "is a person available to chat", "any real humans here?",
                "can you put a human on", "forward this to a real person please", "I want to be transferred to a person",
                "escalate pls", "connect to agent", "need to speak with the manager now", "This is going nowhere. Person please.",
                "i dont want to talk to a machine", "Your bot is so dumb", "you are not answering my question", "hello?? anyone?",
                "can i be connected to someone", "would you be able to pass me to a colleague", "Talk to real person", "speak with agent pls",
                "I'd like to have a word with someone in charge", "Is someone from sales available?", "can an employee contact me by email",
                "someone from your team needs to call me back", "ok let me talk to an actual human", "can I get a hold of someone",
                "please someone answer me", "no AI please", "I'd prefer not to deal with a bot", "why am I talking to a robot, useless",
                "i need a real agent, this chat is useless", "Could I speak to an advisor?", "representative!!!", "customer care please",
                "i asked for a human", "you are a useless bot", "This assistant is not helping me", "hand me off to someone who can help",
            ]
        ),
        // Written after the second batch's fixes and run once unseen (50 of 60 recognised).
        Group(
            name: "third batch",
            texts: [
                "hi can u get someone to phone me", "Please have a manager contact me regarding order 5531",
                "let me speak with an actual human being",
                "I would really appreciate speaking to a member of your support team", "Speak to a human now please!!!!",
                "can you connect me with your sales team",
                "need a human", "Operator please, this is urgent", "i want to talk to someone who can actually help", "How can I reach a live agent?",
                "Could you please transfer me to a representative?", "i need help from someone at the company", "can i talk to the boss",
                "ok this is not working. put me through to support", "Is there a human on the other end?", "any1 there", "Need to talk to real ppl",
                "get me an operator", "i'd like to be put through to the billing department", "escalate to a supervisor please",
                "you are not understanding",
                "this is ridiculous you are not helping me", "bot useless", "I dont want AI I want human",
                "stop replying with articles, I need a person",
                "are there any staff online right now?", "Can somebody please look into my refund", "someone needs to fix this, call me",
                "I'd prefer a real person to answer", "can I have a word with an advisor", "I want to talk to your supervisor about this charge",
                "human pls", "speak to somone", "talk with agent", "please pass me to a human", "can u escalate", "i need a real persn",
                "real ppl please", "Hello, I'd like to speak to someone about cancelling my membership", "i am fed up with this bot",
                "Enough of this robot, human please", "Give me a real person", "Can I get transferred to an agent",
                "you're useless, let me talk to someone",
                "Any agent available?", "is anyone available to help me", "can a staff member call me back",
                "i want to speak to a person not a machine",
                "Can you have someone email me?", "I prefer human support", "can i chat to a human", "somebody help!!",
                "Please, I need to speak to a representative.",
                "connect me to customer service please", "I'd like some help from a human please", "is it possible to get a real person",
                "can i request a call back from an agent", "let me talk to your team", "no chatbot, real human please", "your answers are useless",
            ]
        ),
        // Harder, more non-native English, written after the third batch's fixes; 29 of 45 recognised unseen.
        Group(
            name: "fourth batch",
            texts: [
                "Hello. I wait since 2 weeks for my refund. Please I want talk to responsible person.", "pleace give me human",
                "i need speak to staff of company",
                "Sir please connect me your agent", "it is possible talk with somebody from shop?", "Can you to transfer me at a human operator",
                "good day, i wish to have contact with a real employee", "my problem is complicated, better a person help me",
                "You not understand me. I need human.",
                "I've been going round in circles for 20 minutes. I just want to speak to someone. Anyone.",
                "Can I please just talk to a human? Thanks.",
                "WHERE IS THE HUMAN", "speak to someone in accounts", "I'd like to raise this with a manager",
                "Please escalate my complaint to someone senior",
                "Could I be put in touch with your returns team?", "I need to talk to the people who handle refunds", "talk to a real one please",
                "i think i need a real person for this one", "This is a job for a human I think", "is there a number I can call to speak to a person",
                "Could I speak to someone on the phone?", "let me talk to somebody real", "ok forget it, get me a human", "Human. Now.",
                "im done with this bot", "this robot keeps misunderstanding me", "you clearly don't get it", "you're just repeating yourself",
                "Are you a real person? If not, can I talk to one?", "Can an actual human look at my ticket please",
                "Could a member of staff get in touch?",
                "would be great if someone could ring me", "I need one of your team to check my booking", "can someone who works there answer",
                "are any of your staff available to chat?", "hello is a real human available", "i would like to chat to someone about my account",
                "can you pass my details to someone who can call me back", "I'd like a callback from an advisor",
                "stop sending me articles and get a person",
                "talk to a person", "chat with agent", "connect agent", "human support please",
            ]
        ),
    ]

    /// Messages that mention people, being human, bots or support without asking for a person.
    static let nonRequests: [Group] = [
        Group(
            name: "mentions of people",
            texts: [
                "my manager asked me to buy this", "the agent at the store said I could return it",
                "talk to my kids about it", "I spoke to an agent yesterday and they said I'd get a refund",
                "my boss wants an invoice", "the person who delivered it was rude", "a person at the desk told me to use the app",
                "my team loves the course", "our support team uses your product", "my colleague recommended you",
                "I talked to someone last week about the same order", "the representative was very helpful last time",
                "my husband booked it for me", "the staff at the shop were lovely", "an agent called me yesterday",
                "someone told me there is a discount for students", "somebody stole my bike", "my manager approved the purchase",
                "your agent promised a refund", "how do I talk to my mentor about my project",
                "can I speak with my instructor during the workshop", "how do I chat with other learners in my cohort",
                "I'll talk to my wife and get back to you", "I need to discuss it with my partner first",
                "my friend wants to speak with you about a group booking", "the supervisor signed my form",
            ]
        ),
        Group(
            name: "being human, people as a topic",
            texts: [
                "is the course taught by a real person?", "I'm human too lol", "I am a human, not a robot, why does the captcha fail",
                "is the tutor a real person or AI?", "are the reviews written by real people?", "human error on my side sorry",
                "to err is human", "the human anatomy module is hard", "is there a human resources course?",
                "what does a customer service representative do all day?", "I'm a travel agent", "I'm a real estate agent looking for a course",
                "I want to become an agent", "does the agent course include exam prep?", "I need an agent course",
                "our operator licence expired", "is the certificate recognised by staff agencies?", "how many people can join a class",
                "can I rent a bike for two people", "is it for one person or two", "how much is a person ticket",
                "do you have a staff discount", "is there a person limit on the tour", "I'm not a robot but the captcha says I am",
                "are you a bot?", "is this an AI?", "am I talking to a bot", "I'm not sure the bot understood me",
                "do you use AI to grade essays", "the bot said my order shipped, thanks",
            ]
        ),
        Group(
            name: "someone or anyone in general",
            texts: [
                "can someone else use my account?", "can anyone enrol in the course?", "can someone review my resume and cover letter",
                "how can someone check my certificate is genuine and not fake?", "is there someone who can fix my bike today",
                "can my friend use my ticket", "can anybody join the webinar", "what if someone else picks up my order",
                "I need someone to pick up my bike from my house", "can anyone attend the open day",
                "does anyone actually finish the course in 2 weeks", "anyone can learn this right?",
                "someone from my company will pay the invoice", "can I gift the course to someone",
                "how do I transfer my course to someone else", "can I transfer my booking to a friend",
            ]
        ),
        Group(
            name: "support and contact as things",
            texts: [
                "do you have customer service hours?", "what are your support hours", "when is live chat open?",
                "is live chat open at weekends?", "what is the customer service phone number", "is customer support free",
                "what's the support email address", "is customer service open on sunday", "do you offer phone support? I'd rather call",
                "where is the agent portal", "the support page doesn't load", "how good is your customer service",
                "does the premium plan include priority support", "your customer service is great, thanks",
                "I got an email from support", "do I get support after the course ends",
            ]
        ),
        Group(
            name: "verbs of connecting used otherwise",
            texts: [
                "how do I connect my garmin", "the app won't connect to wifi", "how do I transfer money to you",
                "can i transfer to the evening class", "can I pass the exam without the workshop", "how do I hand in my assignment",
                "get me a refund please", "can you get me the invoice", "put me down for the saturday ride",
                "pass me the link to the course", "please forward me the receipt", "i want to escalate my skills",
                "can you send me the timetable", "how do I add a person to my team plan", "how do I switch to the monthly plan",
                "connect the charger and wait", "can you put me on the waiting list",
            ]
        ),
        Group(
            name: "wanting and needing other things",
            texts: [
                "I want a refund", "i need a new password", "I'd like a receipt please", "I need help resetting my password",
                "can I get a discount", "i prefer the blue one", "I'd rather pay by card", "can I have a helmet with the bike",
                "I need a certificate for my employer", "I want to cancel my order", "i need to change my address",
                "i would like to book a tour for 4 people", "I'd rather do the course online", "give me the price list",
            ]
        ),
        Group(
            name: "declining a person",
            texts: [
                "I don't need to talk to anyone, just tell me the price", "no need for a human, thanks",
                "I'd rather not talk to a person", "you don't need to connect me to anyone", "never mind, I don't need an agent",
                "no thanks, I don't want to speak to someone", "no I don't want a person",
            ]
        ),
        Group(
            name: "complaints about other things",
            texts: [
                "the app is useless", "this cream isn't helping", "my lock is useless", "the instructions didn't help",
                "I feel so stupid, I forgot my password", "the video is not helpful", "I tried restarting, it didn't help",
                "your website is terrible on mobile", "the delivery was a joke", "the map is pointless without street names",
                "I don't understand the invoice", "I don't understand how to book",
            ]
        ),
        Group(
            name: "ordinary questions",
            texts: [
                "how much does it cost to rent a bike for a day?", "hi", "thanks!", "ok", "what time do you open",
                "where is my order", "can i pay with paypal", "hello, my name is Sam and I can't log in",
                "does the course come with a certificate", "is there parking near the shop", "I'm in Germany, do you ship here",
                "how long is the course", "yes", "no", "what's on the agenda", "",
            ]
        ),
        // Written after the rules and run once unseen (2 of 30 taken for requests); kept to guard the fixes.
        Group(
            name: "second batch",
            texts: [
                "my sister is a customer service agent", "the human body course is great", "I'm an insurance agent, is there a discount",
                "a real person answered my email last week", "who is the owner of the shop", "do humans check the essays?",
                "I want to speak Spanish better, is there a course", "how do I contact my tutor", "I'll get my manager to sign off",
                "can someone under 16 rent a bike", "how many agents do you have", "is your team in the UK", "the bot was helpful thanks",
                "I'm a people person", "can I book for someone else", "I need to transfer the certificate to my new name",
                "connect with us on instagram?", "how to escalate privileges in linux course module 3", "I'd like to get a receipt",
                "do I have to talk to anyone to cancel", "is the support free", "your staff were great", "my manager is a real person lol",
                "the chat closed on me earlier", "please pass my thanks to the team", "I don't need help thanks", "no that's all, thank you",
                "are there people on the tour from other countries", "what time does customer care open", "can a person with a disability join",
            ]
        ),
        // Written after the second batch's fixes and run once unseen (1 of 42 taken for a request).
        Group(
            name: "third batch",
            texts: [
                "my brother is a sales rep, can he get a discount", "the person I spoke to on the phone was lovely",
                "what's the best bike for a person who is 190cm",
                "can I speak to the class in English", "is support included in the price", "how many staff work at the shop",
                "I'm the account manager for Acme",
                "your human resources course, is it accredited?", "how do I message my study group", "can someone pick up the rental for me",
                "we are 3 people, can we rent together", "is the bike suitable for a 10 year old person", "I need to connect my account to google",
                "how do I transfer the course to a new email", "can I hand in the essay late", "I prefer paying monthly",
                "I'd rather not give my phone number",
                "my agent booked the trip", "I got a call from someone at your company", "did someone from your team call me earlier?",
                "thanks, you have been very helpful",
                "you are great thanks", "this is great, thank you", "this is exactly what I needed", "the robot vacuum course sounds fun",
                "do you teach AI courses", "are your tutors qualified?", "who can I contact for invoices",
                "is there a person I should address the letter to",
                "the support article was not helpful", "I don't need a person, just the link please", "no thanks i'm fine", "maybe later",
                "I want to become a customer service representative", "can anyone recommend a route", "is the shop staffed on sundays",
                "how long does it take for an agent to reply to emails", "my colleague and I want to enrol", "someone scratched my bike",
                "I want to talk about my order 4431", "can we talk about pricing for schools", "let's chat about the advanced course",
            ]
        ),
        // Written with the fourth batch of requests; 3 of 33 taken for requests unseen.
        Group(
            name: "fourth batch",
            texts: [
                "Can a person under 18 rent a bike?", "Is the course suitable for a person with no experience?", "I'm a career coach myself",
                "how do you treat people who cancel late", "My daughter wants to talk to you about the summer camp", "How many humans work there lol",
                "the ai course - is it for beginners?", "is the bot able to book for me?", "can the bot change my booking",
                "I'll speak to my accountant and come back", "Talk soon!", "Thanks for talking to me", "speak soon, bye",
                "i spoke with someone on monday, they said 5 days", "I had a chat with your colleague Anna last week, very helpful",
                "can you tell me who the manager is at the Leeds branch", "Who is the contact person for schools?",
                "is there a contact person for group bookings",
                "what's the email of your support team", "does someone check the submitted assignments", "how does the agent matching work",
                "i need to connect the pedals", "I need to pass this course for my job", "will someone be at the shop on sunday",
                "is anyone allowed to use the bike park", "the assistant coach was great", "I'm not a bot, I just type fast",
                "can you help me find a course", "please help me reset my password", "help", "I need help with my booking",
                "please escalate the bike to a larger frame size", "thank you, that answered my question",
            ]
        ),
    ]
}
