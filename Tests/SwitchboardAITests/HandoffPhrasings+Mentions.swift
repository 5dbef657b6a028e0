/// The other half of the evaluation set: messages that must not be read as requests.
extension HandoffPhrasings {
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
        // Written with the fifth batch of requests; none of 60 taken for requests unseen.
        Group(
            name: "fifth batch",
            texts: [
                "Are your delivery drivers employees or contractors?", "Do you have a human resources email? I want to apply for a job.",
                "The agent I spoke to on the phone yesterday was lovely, please pass on my thanks.", "Are you a bot?",
                "Am I talking to a real person right now? Just curious.", "I'm only human, I forgot my password again. How do I reset it?",
                "My travel agent booked this hotel for me, can I change the dates myself?", "Do you work with estate agents for the rental listings?",
                "Can I use my real estate agent's office address for delivery?",
                "My manager needs an invoice for this purchase, where can I download it?",
                "Can someone else use my account if I give them the login?",
                "How many people work at your company?", "Thanks to Sarah from support who fixed my issue last week!",
                "Are your rugs made by humans or by machines?", "Is this jewellery handmade by real people?", "Is this chat powered by AI?",
                "Can my wife pick up the order for me?", "My colleague ordered the same thing, will we get a group discount?",
                "How many staff do you have in the warehouse on weekends?", "Do your support staff speak French?",
                "Your agent told me the refund would take 5 days, it's been 3 so I'm just checking the status.",
                "Is the secret agent costume available in size M?", "Is your customer service team based in the UK?",
                "Is it a real person writing these product descriptions? They're great.", "The delivery guy left my parcel out in the rain.",
                "My son placed this order on my card without asking, can I cancel it?", "Does the human-grade dog food come in larger bags?",
                "Is the model in the photo wearing a size S?", "Do you sell human hair wigs or synthetic only?", "Who is the CEO of your company?",
                "Are your staff paid a living wage?", "How do I add another person to my subscription?", "Can I buy a gift card for someone else?",
                "I want to send this to a friend, can I put their address instead of mine?",
                "Someone signed for my parcel but it wasn't me. Do you have a photo of the delivery?",
                "What's the difference between a sales agent and a reseller on your platform?",
                "I'm an insurance agent, do you offer business accounts?", "The person at the counter was rude when I collected my order yesterday.",
                "Does a human check the photos I upload for printing?", "Is there a limit on how many people can use the family plan?",
                "Do you hire remote customer support agents?", "Are you human or AI? No need to transfer me, I'm just wondering.",
                "Please tell the manager at the Leeds store thanks for the help.", "My boss wants to know if you ship to Canada.",
                "You're more helpful than most humans I've dealt with lol. Where's my order?",
                "How long does it take for a person to review my return request?",
                "Human error on my part - I typed the wrong postcode. Can I edit it?", "I need to change the name on the booking to another person.",
                "Can my assistant manage my orders on my behalf?", "The staff at your pop-up shop were fantastic!",
                "Is the chat agent able to see my order history?", "What does 'agent-assisted checkout' mean on my receipt?",
                "I'm a human, not a robot, why does the captcha keep failing?",
                "My landlord's letting agent needs proof of purchase for the washing machine.",
                "Does anyone ever actually read the reviews we leave?",
                "Is this book signed by the author in person?", "Thanks, the person who helped me earlier sorted everything. Have a nice day!",
                "How many agents does your call centre have?", "Are the customer reviews written by real people or are they paid?",
                "is it ok to share my account with my flatmate?",
            ]
        ),
        // Written with the sixth batch of requests; none of 70 taken for requests unseen.
        Group(
            name: "sixth batch",
            texts: [
                "Are your customer service staff based in the UK?",
                "I spoke to an agent yesterday and she said my refund would take 5 working days. Is that right?",
                "What are your phone support hours?",
                "Do you sell human-grade dog food or just regular?", "am i talking to a bot?",
                "My colleague needs access to our shared account too, how do I add her as a user?", "Can I add another person to my booking?",
                "How many people can stay in the deluxe family room?", "I'm a real person not a bot, why does the captcha keep failing on checkout",
                "Your engineer came today and fixed the boiler, thank you so much!", "What's your postal address for returns?",
                "Does your support cover weekends?",
                "the delivery guy left my parcel in the recycling bin lol. anyway its fine, just wanted to know when my next order ships",
                "Can I become an agent for your insurance company? How does the partner programme work?",
                "how much does it cost to call abroad from my plan",
                "my manager asked me to get a copy of last month's invoice, can you send it to me",
                "I'm the account manager for our company, how do I change the billing email?", "Do your nurses do home visits for elderly patients?",
                "Is the tutor for the beginners French course a native speaker?",
                "What's the difference between standard support and the premium support plan?", "Does this chatbot save my conversation history?",
                "i dont need to talk to anyone, just tell me the tracking number",
                "No need to transfer me, I just want to know what time you open on Sunday",
                "Thanks, you've been more helpful than the human agents tbh", "How do I set up call forwarding on my phone?",
                "Does the Unlimited plan include unlimited calls to landlines?", "I missed a call from 0161 496 0732, was that you guys?",
                "someone from your company rang me about a survey, is that legit or a scam?", "Can I change the name of the person on the ticket?",
                "Is the HPV vaccine available at the clinic for adults?",
                "We're hiring customer support agents, can I post the job on your board for free?",
                "How do I turn off the chat bot popup on my website builder page?", "Does your API support building bots for Slack and Teams?",
                "My travel agent booked this flight, can I still change my seat myself?",
                "Can my estate agent see the documents I uploaded to the portal?",
                "The support article about resetting the router is out of date, step 3 doesn't exist anymore",
                "I already spoke to a supervisor last week and it got sorted, just confirming the credit was applied to my account",
                "Who is the head of customer service at your company? I want to address a letter to them by name.",
                "Do I need to be there in person to collect the parcel or can someone else pick it up?",
                "can a family member manage my account on my behalf", "is there a limit on how many people can be on the family plan",
                "what is ur customer support email id", "I'll be travelling to Spain next week, will calls back to UK numbers cost extra?",
                "Call me old fashioned but I prefer paper statements. Can I switch back?",
                "The agent who helped me earlier, Priya, was brilliant. Where can I leave feedback for her?",
                "Does the doctor at your Hammersmith clinic speak Polish?",
                "I'm not a robot lol just typing fast. Anyway whats the price of the 2TB plan", "Is support included in the free tier or only paid?",
                "What does 'human error' cover mean on the home insurance policy?",
                "I contacted you last month about a faulty kettle and it was replaced. Now the replacement is faulty too, what are my options for a refund?",
                "do you have a staff discount for nhs workers", "how do i become a tutor on your platform, do i need a teaching qualification",
                "Can I speak Spanish with this assistant?", "Does your app support wifi calling on Android?",
                "how to message my child's teacher through the parent portal",
                "My accountant will be ringing your helpline tomorrow, does she need my authorisation first?",
                "The engineer didn't turn up on Tuesday, can I rebook the appointment online for next week?",
                "Are your sales agents paid on commission? Just curious why he was so pushy", "Can bots like you make mistakes with my balance?",
                "Can I book a slot with the practice nurse online?",
                "I talked to a human on the phone yesterday and they said I could return it without the box, is that still ok?",
                "Does your support team have access to my password?", "I don't want a callback, I'll just wait for the email.",
                "can someone else use my bus pass if im not travelling", "Is anyone else having issues with the app today or is it just me?",
                "people keep telling me 5G is faster, is it available in my postcode yet",
                "I'm only human, I entered the wrong meter reading yesterday. How do I correct it?",
                "Do you hire remote customer service staff in the Philippines?", "my boss wants to know if we can pay annually instead of monthly",
                "Kindly tell me the timings of your customer care centre in Pune",
            ]
        ),
        unseenBatchMentions,
        secondUnseenBatchMentions,
    ]
}
