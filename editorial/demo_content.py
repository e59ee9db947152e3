"""Demo newsroom content: fictional articles and breaking headlines used by `flask demo`."""

ARTICLES: list[dict[str, object]] = [
    {
        "headline": "Arab League envoy Samir Haddad urges unity after Cairo ceasefire talks stall",
        "summary": (
            "The regional bloc's special envoy said member states must speak “with one voice” "
            "after two days of closed-door negotiations ended without a signed truce framework."
        ),
        "body": (
            "Arab League special envoy Samir Haddad called on member states on Sunday to close "
            "ranks after two days of ceasefire talks in Cairo ended without agreement on a phased "
            "truce framework, according to a statement released by the League's secretariat.\n\n"
            "The talks, hosted at a government guesthouse on the outskirts of the Egyptian "
            "capital, brought together mediators from six countries and representatives of the "
            "parties to the conflict. Diplomats familiar with the discussions said the main "
            "sticking points remained the sequencing of prisoner exchanges and guarantees for the "
            "return of displaced civilians.\n\n"
            "“We did not come to Cairo to produce a photograph, we came to produce a result. That "
            "result is still within reach, but only if Arab capitals speak with one voice and "
            "refuse to let the agenda be written elsewhere,” Haddad told reporters after the final "
            "session.\n\n"
            "## Next round expected within weeks\n\n"
            "A senior Egyptian diplomat, speaking on condition of anonymity because he was not "
            "authorised to brief the media, said a new round could be convened “within two to "
            "three weeks” if written proposals were exchanged in the meantime. He described the "
            "atmosphere as “tense but not hostile”.\n\n"
            "Haddad said he would travel to Amman and Doha in the coming days to consult with "
            "officials there. He also urged donor states to honour pledges made at last spring's "
            "reconstruction conference, warning that **delays in humanitarian funding** were "
            "eroding trust in the diplomatic track.\n\n"
            "The League's full communiqué was published on its website and summarised by the "
            "[Cairo Mediation Monitor](https://example.org/cairo-mediation-monitor). Observers "
            "noted that the text omitted any timetable, a sign, analysts said, of how far apart "
            "the negotiating parties remain."
        ),
        "section": "Politics",
        "region": "MENA",
        "tags": ["Diplomacy", "Ceasefire"],
        "source": "Al Mayadeen English",
    },
    {
        "headline": (
            "Finnish minister Aino Lehtola quits over defence budget row, shaking ruling coalition"
        ),
        "summary": (
            "The resignation of Finland's labour minister exposes deep divisions inside the "
            "four-party government over plans to cut social spending to finance a sharp rise in "
            "military outlays."
        ),
        "body": (
            "Finnish Labour Minister Aino Lehtola resigned on Thursday in protest at her "
            "government's plan to trim unemployment benefits to help fund a multi-year increase in "
            "defence spending, throwing the four-party coalition into its most serious crisis "
            "since it took office.\n\n"
            "Lehtola, a veteran of the junior coalition partner, announced her decision in a short "
            "statement posted on her party's website, saying she could not “in good conscience” "
            "defend the cuts in parliament. Her departure leaves the government with a majority of "
            "just three seats in the 200-member Eduskunta.\n\n"
            "“Security is not only tanks and radars. Security is also the nurse who can pay her "
            "rent and the welder who is not afraid of losing his home. I was asked to choose "
            "between them, and I refuse to accept that choice,” Lehtola said in the statement.\n\n"
            "Prime Minister's office spokesperson Mikael Saarinen said the cabinet “respects the "
            "minister's decision” and would name a successor early next week. He insisted that the "
            "budget framework, which lifts defence spending to 3 percent of gross domestic product "
            "by the end of the decade, would not be reopened.\n\n"
            "Trade unions have called a demonstration outside parliament in Helsinki for Saturday, "
            "and opposition parties said they would table a motion of no confidence. Political "
            "scientist Heikki Rantala of the University of Tampere, as quoted by public "
            "broadcaster Yle, said the coalition would probably survive the vote but emerge “badly "
            "bruised” ahead of next year's municipal elections.\n\n"
            "Recent polling has shown Lehtola's party slipping below 8 percent, and some of its "
            "lawmakers have privately urged the leadership to leave the government altogether."
        ),
        "section": "Politics",
        "region": "Europe",
        "tags": ["Elections", "Protests"],
        "source": "Reuters",
    },
    {
        "headline": (
            "Bolivian Senate speaker Ramiro Quispe rejects 'foreign meddling' in lithium contract "
            "vote"
        ),
        "summary": (
            "The head of Bolivia's upper house accused unnamed foreign embassies of lobbying "
            "lawmakers ahead of a crucial vote on lithium extraction contracts, as protesters "
            "gathered in La Paz."
        ),
        "body": (
            "The president of Bolivia's Senate, Ramiro Quispe, on Tuesday accused foreign "
            "diplomats of pressuring lawmakers ahead of a vote on contracts to develop lithium "
            "deposits in the Uyuni salt flat, calling the alleged lobbying “an insult to national "
            "sovereignty”.\n\n"
            "Speaking at a press conference in La Paz, Quispe said several senators had received "
            "invitations to private dinners and “study trips” abroad in recent weeks. He did not "
            "name the embassies involved but said the Senate's ethics committee had opened a "
            "review.\n\n"
            "“Bolivia's lithium belongs to Bolivians. We will debate these contracts in the open, "
            "under our constitution, and no ambassador, no company and no rating agency will vote "
            "in this chamber on our behalf,” Quispe told reporters.\n\n"
            "The contracts, negotiated by the state lithium company with two foreign consortia, "
            "would commit more than $1.4 billion to direct lithium extraction plants. Supporters "
            "say the deals are needed to turn the country's vast reserves into export revenue; "
            "critics argue the royalty terms are too generous to foreign partners.\n\n"
            "Outside the legislature, several hundred demonstrators from Potosí, the region where "
            "the salt flat lies, rallied for a larger share of future revenues. Police said the "
            "protest was peaceful. Regional civic committee leader Elena Mamani said the "
            "department would call a general strike if its demands were ignored.\n\n"
            "Analysts expect the vote to be close. Economist Carlos Villarroel, as quoted by the "
            "newspaper Página Siete, said a rejection would “delay Bolivia's entry into the "
            "lithium market by at least two years”. A vote is expected before the end of the "
            "month, once the relevant Senate committee completes its review of the contracts."
        ),
        "section": "Politics",
        "region": "Latin America",
        "tags": ["Elections", "Trade", "Protests"],
        "source": "AFP",
    },
    {
        "headline": (
            "Palestinian factions agree on joint committee to manage Gaza aid after Doha round"
        ),
        "summary": (
            "Representatives of the main Palestinian factions said they had agreed to form a "
            "technocratic committee to coordinate relief and reconstruction in Gaza, pending "
            "approval by their leaderships."
        ),
        "body": (
            "Palestinian factions meeting in Doha have agreed in principle to establish a joint "
            "technocratic committee to oversee the distribution of humanitarian aid and the early "
            "stages of reconstruction in the Gaza Strip, delegates said on Wednesday.\n\n"
            "The committee would comprise 12 to 15 independent professionals, including engineers, "
            "doctors and economists, and would operate under a mandate of one year, renewable by "
            "consensus, according to a draft text seen by Al Mayadeen English. Final approval is "
            "expected after delegates brief their leaderships.\n\n"
            "“This is not a political settlement and it does not replace our national "
            "institutions. It is a practical answer to a practical question: who opens the "
            "warehouses, who fixes the water lines, who makes sure flour reaches Rafah and Beit "
            "Lahia,” said Yousef Abu Samra, a member of one of the delegations.\n\n"
            "## Questions over crossings\n\n"
            "Delegates acknowledged that the committee's success would depend on the reopening of "
            "crossings and on guarantees that aid convoys would not be obstructed. UN agencies "
            "have repeatedly said that the volume of trucks entering the Strip remains far below "
            "what is needed.\n\n"
            "Qatari mediator Hamad Al-Kuwari said in a statement that host countries would support "
            "the committee financially during its first six months and would seek pledges from "
            "other donors. He urged all parties to “protect the ceasefire as the foundation of "
            "every humanitarian step”.\n\n"
            "Aid groups cautiously welcomed the announcement. The head of a Gaza-based relief "
            "network, Nisreen Khalil, said **a single coordinating address** could reduce "
            "duplication and speed up deliveries, but warned that “committees do not feed "
            "children; trucks do”. UN officials in Gaza said they would study the proposal once "
            "the final text was shared with humanitarian agencies operating in the Strip."
        ),
        "section": "Politics",
        "region": "Palestine",
        "tags": ["Gaza", "Humanitarian aid", "Ceasefire"],
        "source": "Al Mayadeen English",
    },
    {
        "headline": (
            "Senegal's parliament backs electoral reform as speaker Awa Ndiaye hails 'new chapter'"
        ),
        "summary": (
            "Lawmakers in Dakar approved a package of electoral changes including an independent "
            "elections authority and new campaign finance limits, in a vote welcomed by civil "
            "society groups."
        ),
        "body": (
            "Senegal's National Assembly on Friday approved a sweeping electoral reform bill that "
            "creates an independent elections authority and caps campaign spending, in a vote the "
            "speaker of parliament described as “a new chapter” for the country's democracy.\n\n"
            "The bill passed with 131 votes in favour, 22 against and 4 abstentions after a debate "
            "that stretched late into the night. It transfers responsibility for organising "
            "elections from the interior ministry to a nine-member authority whose members will be "
            "appointed for non-renewable six-year terms.\n\n"
            "“Tonight the Assembly has chosen confidence over suspicion. Every Senegalese voter, "
            "in Dakar or in Kédougou, must know that the referee is neutral and that the rules are "
            "the same for everyone,” Speaker Awa Ndiaye said after the vote, as quoted by the "
            "state news agency.\n\n"
            "Opposition lawmaker Ibrahima Fall, who voted against the bill, said the appointment "
            "process still gave the presidency too much influence over the new body. His party "
            "said it would ask the Constitutional Council to review two articles of the law.\n\n"
            "Civil society coalition Article 19 Sahel, which had campaigned for the reform for "
            "several years, welcomed the vote but said the real test would be implementation ahead "
            "of local elections scheduled for next year. The group published a [detailed "
            "breakdown](https://example.org/senegal-electoral-reform) of the new rules.\n\n"
            "The reform also requires parties to publish audited accounts within 90 days of any "
            "national vote and lowers the threshold of signatures needed for independent "
            "candidates to stand. The vote follows months of street protests last year, when "
            "opposition supporters and civil society groups accused the authorities of trying to "
            "delay the presidential election."
        ),
        "section": "Politics",
        "region": "Africa",
        "tags": ["Elections", "Protests"],
        "source": "AFP",
    },
    {
        "headline": (
            "Pakistani FM Tariq Mahmood Shah says Kabul talks 'on track' despite fresh border "
            "clashes"
        ),
        "summary": (
            "Pakistan's foreign minister insisted that negotiations with Afghan authorities on "
            "border security and refugee returns were progressing, hours after exchanges of fire "
            "near the Torkham crossing."
        ),
        "body": (
            "Pakistan's Foreign Minister Tariq Mahmood Shah said on Monday that talks with the "
            "authorities in Kabul were “on track”, even as security officials reported a fresh "
            "exchange of fire near the Torkham border crossing that left two border guards "
            "wounded.\n\n"
            "Speaking at a news conference in Islamabad, Shah said delegations had agreed on a "
            "joint mechanism to investigate border incidents and would meet again in the coming "
            "weeks to discuss trade through the main crossings, which have been repeatedly closed "
            "this year.\n\n"
            "“Neighbours do not have the luxury of walking away from the table. We have serious "
            "differences, and we will state them clearly, but the dialogue is moving and we intend "
            "to keep it moving,” Shah said in response to a question about the latest clashes.\n\n"
            "An Afghan foreign ministry spokesman, Abdul Wahid Rahmani, said in a statement posted "
            "online that Kabul was “committed to peaceful solutions” and blamed the incident on a "
            "misunderstanding between local commanders.\n\n"
            "## Refugee returns\n\n"
            "The talks have also focused on the return of Afghan nationals living in Pakistan "
            "without legal documents. Humanitarian agencies say more than 400,000 people have "
            "crossed back into Afghanistan this year, many of them arriving with few belongings at "
            "overstretched reception centres.\n\n"
            "Shah said Pakistan would extend a deadline for registered refugees by six months, a "
            "concession aid groups had sought. But he repeated that the government would continue "
            "to **deport undocumented migrants**, a policy criticised by rights organisations and "
            "by Afghan officials. The next round of talks is expected to take place in Kabul, "
            "according to diplomats familiar with the schedule. Trade between the two countries "
            "has fallen sharply this year because of repeated closures of the main crossings."
        ),
        "section": "Politics",
        "region": "Asia",
        "tags": ["Diplomacy", "Migration"],
        "source": "Reuters",
    },
    {
        "headline": (
            "Canadian MP Eleanor Whitcombe slams Ottawa's arms export permits as 'indefensible'"
        ),
        "summary": (
            "A backbench Canadian lawmaker broke ranks with her party to demand the suspension of "
            "military export permits to Israel, citing the humanitarian toll in Gaza and Canada's "
            "legal obligations."
        ),
        "body": (
            "A Canadian member of parliament has called on the federal government to suspend all "
            "outstanding military export permits to Israel, describing Ottawa's position as "
            "“indefensible” in light of the humanitarian situation in Gaza.\n\n"
            "Eleanor Whitcombe, who represents a Toronto-area riding, made the remarks in the "
            "House of Commons on Wednesday during a debate on a private member's motion. Her "
            "intervention put her at odds with her own party's leadership, which has said existing "
            "permits are under review.\n\n"
            "“We have a law on the books that says Canada must not export weapons where there is a "
            "substantial risk they will be used in serious violations of international "
            "humanitarian law. Either that law means something, or it does not. I believe it "
            "does,” Whitcombe told the chamber.\n\n"
            "Global Affairs Canada said in a statement that no new permits for lethal goods had "
            "been issued since the start of the year and that each application was “assessed "
            "rigorously on a case-by-case basis”. The department did not say how many previously "
            "approved permits remained active.\n\n"
            "Advocacy groups, including a coalition of faith organisations and labour unions, have "
            "urged the government to go further and adopt targeted sanctions. A petition "
            "circulated by the coalition has gathered more than 80,000 signatures, according to "
            "its organisers.\n\n"
            "Political commentator Daniel Okafor said the episode reflected growing pressure from "
            "younger voters in urban ridings. “There is a generational gap on this issue inside "
            "every major party, and it is starting to show up on the floor of the House,” he said "
            "in an interview. The motion is expected to be put to a vote next month, though it is "
            "not binding on the government."
        ),
        "section": "Politics",
        "region": "US & Canada",
        "tags": ["Gaza", "Sanctions"],
        "source": "Staff",
    },
    {
        "headline": (
            "Lebanese minister Karim Abou Jaoude says reconstruction funds held hostage to "
            "'conditions'"
        ),
        "summary": (
            "Lebanon's caretaker public works minister accused international donors of tying "
            "reconstruction aid for the south to political demands, as thousands of families "
            "remain displaced."
        ),
        "body": (
            "Lebanon's caretaker Minister of Public Works Karim Abou Jaoude said on Saturday that "
            "pledged reconstruction funds for the country's south were being “held hostage” to "
            "political conditions, leaving thousands of displaced families unable to return to "
            "their villages.\n\n"
            "In an interview with a local television station, Abou Jaoude said less than a fifth "
            "of the money promised at a donor meeting earlier this year had been disbursed. He "
            "accused some donors of linking payments to demands that, he said, fell outside the "
            "scope of the ceasefire arrangements.\n\n"
            "“Concrete and glass do not belong to any party. A family in Bint Jbeil whose house "
            "was flattened should not have to wait for a diplomatic negotiation to finish before "
            "it can put a roof over its children,” the minister said.\n\n"
            "According to figures compiled by the Council for the South, more than 37,000 housing "
            "units were damaged or destroyed in border areas, along with schools, water stations "
            "and agricultural land. Local mayors have warned that the onset of winter will make "
            "temporary shelters unsustainable.\n\n"
            "A European diplomat in Beirut, who asked not to be named, said donors wanted "
            "“transparent mechanisms” to ensure money reached its intended recipients and denied "
            "that aid was being used as leverage. The World Bank has proposed a [multi-donor trust "
            "fund](https://example.org/lebanon-reconstruction-fund) to pool contributions.\n\n"
            "Abou Jaoude said the government had already submitted detailed project lists and "
            "urged donors to **release the first tranche** before the end of the year. He also "
            "called on Arab states to increase their direct contributions. A follow-up meeting "
            "with donor representatives is expected to take place in Beirut before the end of the "
            "month."
        ),
        "section": "Politics",
        "region": "MENA",
        "tags": ["Diplomacy", "Humanitarian aid", "Ceasefire"],
        "source": "Agencies",
    },
    {
        "headline": (
            "Oil prices jump after Gulf tanker incident as Brent tops $92 for first time in months"
        ),
        "summary": (
            "Crude futures climbed more than 4 percent after a tanker reported an explosion off "
            "the coast of Oman, reviving fears about supply disruptions through one of the world's "
            "busiest shipping lanes."
        ),
        "body": (
            "Oil prices rose sharply on Tuesday after a tanker carrying crude from the Gulf "
            "reported an explosion on its hull off the coast of Oman, pushing benchmark Brent "
            "above $92 a barrel for the first time in nearly five months.\n\n"
            "Brent crude futures were up $3.74, or 4.2 percent, at $92.31 a barrel by 1330 GMT, "
            "while US West Texas Intermediate gained $3.51 to $88.02. Both contracts had earlier "
            "risen more than 5 percent before paring gains as the vessel's operator said no crew "
            "members were injured.\n\n"
            "The ship's manager said in a statement that the tanker remained seaworthy and was "
            "proceeding under its own power to a nearby anchorage for inspection. It did not "
            "speculate on the cause of the blast. Maritime security firms said the incident "
            "occurred roughly 60 nautical miles southeast of the port of Sohar.\n\n"
            "“The market had grown complacent about geopolitical risk in the region. One incident "
            "does not change the supply balance, but it reminds traders how little spare capacity "
            "there is if flows through Hormuz are disrupted,” said Priya Venkataraman, head of "
            "commodities research at a Singapore-based brokerage.\n\n"
            "## Insurers react\n\n"
            "War-risk insurance premiums for voyages through the area could rise by as much as "
            "half, according to two London-based brokers. Higher premiums typically feed through "
            "to freight rates within days.\n\n"
            "Analysts said the rally could fade if no further incidents are reported, noting that "
            "global inventories remain above their five-year average. Still, several banks raised "
            "their near-term price forecasts, citing **elevated risk premiums** and "
            "lower-than-expected output from some producers. Shares of major oil companies rose in "
            "European trading, while airline stocks fell on concerns about higher fuel costs."
        ),
        "section": "Economy",
        "region": None,
        "tags": ["Oil prices", "Shipping", "Energy"],
        "source": "Reuters",
    },
    {
        "headline": (
            "Indonesia's central bank holds rates as governor Hendra Wirawan flags rupiah risks"
        ),
        "summary": (
            "Bank Indonesia kept its benchmark rate unchanged for a third straight meeting, citing "
            "currency volatility and a stronger dollar, while signalling room to ease if inflation "
            "stays within target."
        ),
        "body": (
            "Bank Indonesia held its benchmark interest rate steady on Wednesday for a third "
            "consecutive meeting, with Governor Hendra Wirawan pointing to volatility in the "
            "rupiah as the main reason for caution despite inflation remaining within the bank's "
            "target range.\n\n"
            "The central bank kept its seven-day reverse repurchase rate at 6.00 percent, as "
            "expected by 24 of 29 economists polled ahead of the decision. The deposit and lending "
            "facility rates were also left unchanged.\n\n"
            "“Our priority at this moment is stability. Inflation is under control, growth is "
            "solid, but global financial conditions remain uncertain and we will not take risks "
            "with the exchange rate,” Wirawan told a news conference in Jakarta.\n\n"
            "The rupiah has weakened about 4 percent against the US dollar since the start of the "
            "year, pressured by foreign outflows from government bonds and a widening current "
            "account deficit. Annual consumer price inflation stood at 2.6 percent last month, "
            "within the bank's target of 1.5 to 3.5 percent.\n\n"
            "Wirawan said the bank would continue to intervene in spot and forward markets when "
            "necessary and would keep buying government bonds in the secondary market to support "
            "liquidity. He said there was “still room” for a rate cut later in the year if the "
            "currency stabilised.\n\n"
            "Economist Ratna Dewi of a Jakarta-based securities house said the statement was "
            "**more dovish than expected**. She now expects a 25-basis-point cut before the end of "
            "the year, provided the US Federal Reserve does not surprise markets. The rupiah edged "
            "up 0.3 percent against the dollar after the announcement, while Jakarta's main stock "
            "index closed slightly higher. The next policy meeting is scheduled for next month, "
            "when the bank will also publish updated growth forecasts."
        ),
        "section": "Economy",
        "region": "Asia",
        "tags": ["Central banks", "Inflation"],
        "source": "Reuters",
    },
    {
        "headline": (
            "German factory orders slump as economists warn of a 'long winter' for industry"
        ),
        "summary": (
            "New orders for German manufactured goods fell far more than expected, led by weak "
            "demand from outside the eurozone and a drop in large contracts, adding to fears of a "
            "prolonged industrial downturn."
        ),
        "body": (
            "Orders for German industrial goods fell by 3.1 percent in August compared with the "
            "previous month, official data showed on Friday, a far steeper decline than analysts "
            "had forecast and a fresh sign that Europe's largest economy is struggling to regain "
            "momentum.\n\n"
            "Economists had expected a drop of around 1 percent. Excluding large-scale orders, "
            "which tend to be volatile, the decline was 1.8 percent, the federal statistics office "
            "said. Orders from outside the eurozone fell by 5.2 percent, while domestic orders "
            "slipped by 1.4 percent.\n\n"
            "“This is not a single bad month, it is a trend. High energy costs, weak global trade "
            "and uncertainty about tariffs are hitting exactly the sectors that used to be "
            "Germany's strength, from machinery to chemicals,” said Katrin Vollmer, chief "
            "economist at a Frankfurt-based bank.\n\n"
            "The economy ministry said in a statement that the figures reflected “a difficult "
            "international environment” and pointed to measures in next year's budget, including "
            "lower grid fees for energy-intensive firms, that it said would support industry.\n\n"
            "## Jobs under pressure\n\n"
            "Several large manufacturers have announced job cuts in recent months, and the Ifo "
            "institute's latest survey showed business expectations at their lowest level in more "
            "than a year. Trade unions have warned of plant closures in the automotive supply "
            "chain.\n\n"
            "Economists now see a growing chance that the economy will shrink for a second "
            "consecutive quarter. “We are heading into a long winter for industry,” Vollmer said, "
            "adding that a recovery would depend on **a revival in export demand**, particularly "
            "from China and the United States. Separate figures due next week on industrial "
            "production are expected to confirm the weakness, according to a poll of economists."
        ),
        "section": "Economy",
        "region": "Europe",
        "tags": ["Trade", "Energy", "Inflation"],
        "source": "AFP",
    },
    {
        "headline": (
            "Nigeria's naira steadies after central bank unveils new foreign exchange window"
        ),
        "summary": (
            "Nigeria's currency firmed on the official market after the central bank launched an "
            "electronic trading platform aimed at improving transparency and narrowing the gap "
            "with the parallel market."
        ),
        "body": (
            "Nigeria's naira strengthened slightly on Monday after the Central Bank of Nigeria "
            "introduced a new electronic foreign exchange trading system designed to improve price "
            "discovery and reduce the gap between official and parallel market rates.\n\n"
            "The currency traded at around 1,520 naira to the dollar on the official window by "
            "midday in Lagos, compared with 1,548 at the end of last week, according to dealers. "
            "On the parallel market, where many businesses and individuals buy dollars, the naira "
            "was quoted at 1,585.\n\n"
            "The central bank said in a circular that all interbank foreign exchange transactions "
            "must now be conducted on the new platform, which publishes trades in real time. "
            "Deputy governor Chukwuemeka Obi said the system would “end the era of opaque "
            "pricing”.\n\n"
            "“Confidence is built on information. When every market participant can see the same "
            "prices at the same time, speculation loses its oxygen and genuine demand can be met,” "
            "Obi told a briefing in Abuja, as quoted by local media.\n\n"
            "Nigeria's annual inflation rate remains above 30 percent, driven largely by food and "
            "transport costs. Analysts said a more stable currency could help ease price "
            "pressures, but warned that the country's dollar supply still depends heavily on "
            "**crude oil export revenues**, which have been hit by production shortfalls and "
            "pipeline theft.\n\n"
            "Lagos-based economist Funmilayo Adeyemi said the reform was “a step in the right "
            "direction” but that its success would depend on the central bank's ability to meet "
            "demand from manufacturers and importers without depleting reserves. Dealers said "
            "demand for dollars from importers remained strong ahead of the year-end holiday "
            "season. The central bank said it would publish weekly data on reserves and platform "
            "turnover to reassure investors."
        ),
        "section": "Economy",
        "region": "Africa",
        "tags": ["Central banks", "Inflation", "Oil prices"],
        "source": "Agencies",
    },
    {
        "headline": (
            "Argentina's inflation eases for fourth straight month, but food prices keep biting"
        ),
        "summary": (
            "Monthly consumer inflation in Argentina slowed again, according to the national "
            "statistics institute, yet households say grocery bills and rents continue to outpace "
            "wages."
        ),
        "body": (
            "Argentina's monthly inflation rate slowed for a fourth consecutive month in "
            "September, the national statistics institute INDEC said on Thursday, though food and "
            "housing costs continued to rise faster than the headline figure.\n\n"
            "Consumer prices rose 2.7 percent compared with August, down from 3.1 percent the "
            "previous month. Year-on-year inflation stood at 118 percent, still among the highest "
            "in the world but well below the peaks recorded last year.\n\n"
            "Food and non-alcoholic beverages rose 3.4 percent in the month, driven by higher "
            "prices for meat, dairy and vegetables after a cold snap affected harvests in the "
            "provinces of Buenos Aires and Santa Fe. Rents in the capital rose by more than 5 "
            "percent, according to a separate survey by a property portal.\n\n"
            "“The numbers are going in the right direction, and that matters. But a family in La "
            "Matanza does not live on the average. It lives on milk, bread and the bus fare, and "
            "those are exactly the prices that are still climbing,” said economist Lucía Ferraro "
            "of the University of Buenos Aires.\n\n"
            "## Central bank keeps rates high\n\n"
            "The central bank left its policy rate unchanged at its most recent meeting, arguing "
            "that a premature cut could reignite demand for dollars. Bank director Martín "
            "Echeverría said in a statement that the institution would “not lower its guard” until "
            "monthly inflation fell below 2 percent.\n\n"
            "Wage data published alongside the inflation figures showed that registered "
            "private-sector salaries rose 2.9 percent in August, barely keeping pace with prices. "
            "Informal workers, who make up around 40 percent of the labour force, saw their real "
            "incomes fall, according to INDEC. Unions have called for an **emergency bonus** for "
            "low-income workers ahead of the holiday season."
        ),
        "section": "Economy",
        "region": "Latin America",
        "tags": ["Inflation", "Agriculture", "Central banks"],
        "source": "AP",
    },
    {
        "headline": "Global shipping rates climb as Red Sea diversions stretch into a second year",
        "summary": (
            "Container freight rates on key Asia-Europe routes have risen for a sixth consecutive "
            "week as carriers continue to reroute vessels around the Cape of Good Hope, adding "
            "time and cost to global trade."
        ),
        "body": (
            "Container shipping rates between Asia and northern Europe rose for a sixth straight "
            "week, industry data showed on Thursday, as most major carriers continued to avoid the "
            "Red Sea and the Suez Canal in favour of the longer route around southern Africa.\n\n"
            "The spot rate for a 40-foot container from Shanghai to Rotterdam climbed 7 percent "
            "week on week to $4,860, according to a widely followed freight index, more than "
            "double its level before the diversions began. Rates to Mediterranean ports rose by a "
            "similar margin.\n\n"
            "Diverting around the Cape of Good Hope adds between 10 and 14 days to a typical "
            "voyage and significantly increases fuel consumption. Analysts estimate that the "
            "longer routes have absorbed around 8 percent of the world's container fleet "
            "capacity.\n\n"
            "“Shippers have stopped treating this as a temporary disruption. They are building it "
            "into their contracts, their inventories and their prices. The question now is how "
            "much of that cost ends up on supermarket shelves,” said Jonas Brekke, a senior "
            "analyst at an Oslo-based maritime consultancy.\n\n"
            "Egypt's Suez Canal Authority said in a statement that revenues had fallen by more "
            "than half compared with the same period two years ago, and it offered new discounts "
            "to encourage carriers to return. Few have taken up the offer, citing insurance costs "
            "and security concerns.\n\n"
            "Economists warn that persistently high freight costs could add to goods inflation in "
            "Europe early next year. Higher bunker fuel consumption has also **lent modest support "
            "to oil prices**, traders said, as shipping companies buy more fuel to cover the "
            "longer distances. Some retailers have already warned that delivery times for imported "
            "goods could lengthen during the busy holiday season."
        ),
        "section": "Economy",
        "region": None,
        "tags": ["Shipping", "Trade", "Oil prices"],
        "source": "Agencies",
    },
    {
        "headline": (
            "Moroccan forward Yassine El Amrani's late double sends Raja Casablanca into cup final"
        ),
        "summary": (
            "A stoppage-time brace from the 21-year-old striker completed a dramatic comeback "
            "against Wydad in a tense semifinal at the Mohammed V Stadium, setting up a final in "
            "Rabat next month."
        ),
        "body": (
            "Young striker Yassine El Amrani scored twice in the space of five minutes late in the "
            "game to send Raja Casablanca into the Moroccan Throne Cup final with a 2-1 victory "
            "over city rivals Wydad on Sunday night.\n\n"
            "Wydad had taken the lead early in the second half through a curling free kick from "
            "midfielder Anas Berrada and looked set to progress until El Amrani, who came off the "
            "bench in the 70th minute, turned the game on its head in front of a sold-out crowd at "
            "the Mohammed V Stadium.\n\n"
            "The 21-year-old equalised with a header from a corner in the 88th minute, then ran "
            "onto a long ball and lifted it over the goalkeeper in the third minute of stoppage "
            "time, sparking wild celebrations among the home supporters.\n\n"
            "“I have dreamed of a night like this since I was a boy watching from the terraces "
            "with my father. I just told myself to stay calm and wait for my chance, and when it "
            "came, I did not think,” El Amrani told reporters after the match.\n\n"
            "Raja coach Hicham Bennani said his side had shown “character and patience” against a "
            "well-organised opponent. El Amrani, who has scored six goals in his last eight "
            "matches, is widely expected to be named in Morocco's squad for the Olympic football "
            "tournament. He confirmed that captain Omar Tazi, who limped off in the first half, "
            "would undergo scans on Monday.\n\n"
            "Raja will face the winner of Wednesday's semifinal between FUS Rabat and Hassania "
            "Agadir in the final, scheduled to be played in the capital next month. Victory would "
            "secure a place in next season's African continental club competition.\n\n"
            "Wydad's coach declined to speak to the media. The club said in a statement it would "
            "file a complaint over **refereeing decisions** in the build-up to the winning goal."
        ),
        "section": "Sports",
        "region": "MENA",
        "tags": ["Football", "Olympics"],
        "source": "AFP",
    },
    {
        "headline": (
            "Australian sprinter Mia Callaghan breaks 22-second barrier at Brisbane athletics meet"
        ),
        "summary": (
            "The 19-year-old clocked 21.96 seconds in the women's 200 metres, becoming the first "
            "Australian woman in decades to run under 22 seconds and booking her place on the "
            "Olympic team."
        ),
        "body": (
            "Teenage sprinter Mia Callaghan became the first Australian woman in more than two "
            "decades to run the 200 metres in under 22 seconds on Saturday, clocking 21.96 at a "
            "national meet in Brisbane and securing her selection for the Olympic team.\n\n"
            "Running into a slight headwind, the 19-year-old from the Gold Coast pulled clear of "
            "the field off the bend and crossed the line nearly half a second ahead of the "
            "runner-up, Sophie Nguyen. The time was the fastest in the world this year by an "
            "under-20 athlete.\n\n"
            "“I knew I was in good shape, but I did not expect to see that number on the clock. I "
            "looked up, saw the twenty-one and I thought it must be a mistake,” Callaghan said, "
            "laughing, as quoted by national broadcaster ABC.\n\n"
            "Athletics Australia said in a statement that the performance met the Olympic "
            "qualifying standard and that Callaghan would be formally named to the team next "
            "month. Her coach, former hurdler Grant Pearce, said they would now focus on the 4x100 "
            "metres relay as well.\n\n"
            "The meet also saw promising results in the men's middle distance events, where "
            "23-year-old Liam Hart ran a personal best in the 1,500 metres. However, officials "
            "said crowd numbers remained disappointing, renewing calls for greater investment in "
            "domestic competitions.\n\n"
            "Callaghan, who began athletics at 14 after years of playing touch football, is "
            "studying part-time for a physiotherapy degree. She said she hoped her result would "
            "**encourage more girls** to stay in sport through their teenage years. She will next "
            "compete at an international meet in Japan, where she is expected to face several "
            "Olympic finalists."
        ),
        "section": "Sports",
        "region": "Asia-Pacific",
        "tags": ["Athletics", "Olympics"],
        "source": "AP",
    },
    {
        "headline": (
            "Palestinian Olympic football squad trains abroad as pitches in Gaza lie in ruins"
        ),
        "summary": (
            "The national under-23 team has set up a training camp in Jordan ahead of Olympic "
            "qualifiers, with several players from Gaza unable to join and others mourning "
            "relatives killed in the war."
        ),
        "body": (
            "Palestine's under-23 football team began a three-week training camp in Amman on "
            "Monday ahead of Olympic qualifying matches, with officials saying that several "
            "players from the Gaza Strip had been unable to leave and join the squad.\n\n"
            "The Palestinian Football Association said in a statement that most stadiums and "
            "training grounds in Gaza had been damaged or destroyed, including the Yarmouk Stadium "
            "in Gaza City, which had served as a shelter for displaced families. Domestic league "
            "competition in the Strip has been suspended for more than a year.\n\n"
            "Head coach Rami Shaheen said the squad had been assembled from clubs in the occupied "
            "West Bank, players based abroad and members of the Palestinian diaspora in Chile and "
            "Europe. Training sessions are being held at facilities provided by the Jordanian "
            "football federation.\n\n"
            "“Every player here carries something heavy with him. Some have lost brothers, some "
            "have lost their homes, some have not heard from their families for days. When they "
            "put on this shirt, they play for all of those people,” Shaheen told Al Mayadeen "
            "English.\n\n"
            "## A symbol beyond sport\n\n"
            "The association said dozens of registered footballers, including former national team "
            "players, had been killed in Gaza since the start of the war, a figure that could not "
            "be independently verified. Rights groups have urged world football's governing body "
            "to **take a clearer position** on the destruction of sports infrastructure.\n\n"
            "The team will play its first qualifier later this month. Midfielder Ahmad Odeh, 21, "
            "said the players' goal was to reach the final tournament for the first time. “People "
            "tell us it is only football,” he said. “But for us it is a way of saying we are still "
            "here.”"
        ),
        "section": "Sports",
        "region": "Palestine",
        "tags": ["Football", "Gaza", "Olympics"],
        "source": "Al Mayadeen English",
    },
    {
        "headline": (
            "Ethiopian runner Genet Alemu storms to course record on marathon debut in Valencia"
        ),
        "summary": (
            "The 24-year-old former track specialist won the Valencia Marathon in 2:15:41, "
            "breaking the course record by more than a minute and announcing herself as a "
            "contender for Olympic gold."
        ),
        "body": (
            "Ethiopia's Genet Alemu won the Valencia Marathon on Sunday in 2 hours 15 minutes and "
            "41 seconds, breaking the course record by more than a minute in her first race over "
            "the distance and signalling her arrival as a major force in women's road running.\n\n"
            "Alemu, 24, who had previously competed over 5,000 and 10,000 metres on the track, ran "
            "with the leading group until the 30-kilometre mark before pulling away on the long "
            "straight along the city's old riverbed. Kenya's Mercy Jelagat Koros finished second "
            "in 2:17:09, with compatriot Tsehay Bekele third.\n\n"
            "Conditions were near-ideal, with temperatures of around 11 degrees Celsius at the "
            "start and little wind. Organisers said more than 30,000 runners took part, a record "
            "for the event.\n\n"
            "“I was told to be patient, patient, patient. My coach said the marathon begins at 30 "
            "kilometres, so I waited. When I felt my legs were still fresh, I decided to go,” "
            "Alemu said at the finish, as translated by her manager.\n\n"
            "Her winning time is the fastest ever recorded on a marathon debut, according to "
            "statisticians, and places her among the top five performers in history. The Ethiopian "
            "athletics federation said in a statement that she would be considered for the Olympic "
            "marathon team.\n\n"
            "In the men's race, Kenya's Elias Kipngetich Rono won in 2:04:12 in a sprint finish. "
            "Alemu's coach, Tesfaye Gebru, said his athlete would now rest for several weeks "
            "before deciding on a spring race, adding that her **track speed** gave her “options "
            "nobody else in the field has”. Race organisers said the women's course record had "
            "stood for five years before Sunday's performance."
        ),
        "section": "Sports",
        "region": "Africa",
        "tags": ["Athletics", "Olympics"],
        "source": "Reuters",
    },
    {
        "headline": (
            "Sudanese filmmaker Amna Osman wins top prize at Toronto festival with exile drama"
        ),
        "summary": (
            "A first feature about a Sudanese family rebuilding their lives in Cairo won the "
            "festival's audience award, with critics praising its restraint and its portrayal of "
            "displacement."
        ),
        "body": (
            "Sudanese director Amna Osman won the audience award at the Toronto International Film "
            "Festival on Sunday for her debut feature, a quietly devastating drama about a family "
            "forced to flee Khartoum and start again in Cairo.\n\n"
            "The film, titled *The Other Bank*, follows a retired schoolteacher, his daughter and "
            "two grandchildren as they navigate rented rooms, paperwork and uncertain news from "
            "home. It was shot over six weeks in Cairo with a largely non-professional cast of "
            "Sudanese refugees.\n\n"
            "The audience award, voted on by festival-goers, is closely watched as an indicator of "
            "future success during the awards season. Previous winners have gone on to secure "
            "international distribution and major nominations.\n\n"
            "“Everyone in this film has lived some version of this story. I did not want to make a "
            "film about war; I wanted to make a film about what remains after it, about the small "
            "dignities people hold on to when everything else has been taken,” Osman said as she "
            "accepted the prize.\n\n"
            "Critics have praised the film's restraint and its attention to everyday details. "
            "Writing in a festival review, critic Jonathan Mercer called it “the most honest film "
            "about displacement in years” and singled out the performance of 12-year-old Salma "
            "Idris.\n\n"
            "Osman, who studied film in Khartoum before leaving the country, said she hoped the "
            "prize would draw attention to the humanitarian crisis in Sudan, where millions of "
            "people have been displaced. Distribution talks are under way, according to the film's "
            "producers, with a [release planned](https://example.org/the-other-bank) in several "
            "countries next year. Osman said she was already working on a second screenplay, set "
            "partly in Port Sudan and partly in Nairobi."
        ),
        "section": "Arts&Culture",
        "region": "US & Canada",
        "tags": ["Culture", "Migration", "Media"],
        "source": "AFP",
    },
    {
        "headline": (
            "Colombian cumbia revival sees young bands pack Barranquilla halls with accordion sound"
        ),
        "summary": (
            "A new generation of musicians on Colombia's Caribbean coast is reinventing "
            "traditional cumbia with electronic beats and political lyrics, drawing crowds far "
            "beyond the carnival season."
        ),
        "body": (
            "On a humid Friday night in Barranquilla, the queue outside a converted warehouse near "
            "the river stretches around the block. Inside, a five-piece band led by 26-year-old "
            "accordionist Valentina Orozco is playing cumbia, the centuries-old rhythm of "
            "Colombia's Caribbean coast, to a crowd that is mostly under 30.\n\n"
            "Orozco's group is one of dozens that have emerged in the city in recent years, mixing "
            "the traditional gaita flute, drums and accordion with synthesisers and lyrics about "
            "migration, rising rents and the environment. Promoters say attendance at such "
            "concerts has more than doubled since before the pandemic.\n\n"
            "“Our grandparents danced this music at weddings and festivals. We grew up thinking it "
            "was something old-fashioned, something for the radio in the kitchen. Then we realised "
            "it was ours, and that we could say anything we wanted with it,” Orozco said after the "
            "show.\n\n"
            "## Roots and reinvention\n\n"
            "Ethnomusicologist Rafael Contreras of the Universidad del Atlántico said the revival "
            "reflected a broader trend across Latin America, where young artists are rediscovering "
            "regional traditions. He noted that cumbia, with its Indigenous, African and Spanish "
            "roots, has always absorbed new influences.\n\n"
            "Not everyone is convinced. Veteran musician Efraín Polo, who has played at the city's "
            "carnival for more than 40 years, said some younger bands “use the name but forget the "
            "soul”. Still, he admitted that he has been invited to play with several of them.\n\n"
            "The city's culture office has announced a new series of free concerts in public "
            "squares and a programme to teach **traditional instrument-making** in schools. "
            "Orozco's band, meanwhile, is preparing its first tour of Mexico and the United States."
        ),
        "section": "Arts&Culture",
        "region": "Latin America",
        "tags": ["Music", "Heritage", "Culture"],
        "source": "Staff",
    },
    {
        "headline": (
            "Looted Khmer bronze returns to Cambodia's national museum after decade-long legal "
            "fight"
        ),
        "summary": (
            "A 10th-century bronze statue taken from a temple complex during the civil war has "
            "been returned to Phnom Penh following a lengthy legal battle, in the latest "
            "repatriation of Cambodian heritage."
        ),
        "body": (
            "A 10th-century bronze statue of a Hindu deity, looted from a remote temple complex in "
            "northern Cambodia during the country's civil war, was formally handed back to the "
            "National Museum in Phnom Penh on Tuesday after a legal battle lasting more than a "
            "decade.\n\n"
            "The 1.2-metre statue, believed to depict the god Shiva, was smuggled out of Cambodia "
            "in the 1970s and later surfaced in a private collection in Europe. Cambodian "
            "authorities launched legal proceedings to recover it after researchers matched the "
            "statue's base to a pedestal still standing at the temple site.\n\n"
            "Culture ministry official Sokha Meas said in a statement that the return marked “a "
            "moment of healing” for Cambodian communities. More than 100 looted antiquities have "
            "been repatriated to the country in recent years, according to the ministry.\n\n"
            "“These objects are not decorations. They are our ancestors' prayers in metal and "
            "stone. Every one that comes home restores a piece of our memory that was stolen "
            "during the darkest years of our history,” Meas said at a ceremony attended by monks "
            "and villagers from the temple's district.\n\n"
            "Investigators say many of the looted pieces passed through a network of dealers who "
            "exploited the chaos of the war years. An independent team of researchers has been "
            "working to [trace the routes](https://example.org/khmer-heritage-tracing) by which "
            "hundreds of objects left the country.\n\n"
            "The statue will go on public display next month after conservation work. Officials "
            "said they were pursuing claims for **at least 30 other objects** held in museums and "
            "private collections abroad. The ministry thanked the prosecutors and researchers "
            "abroad whose work, it said, had made the return possible."
        ),
        "section": "Arts&Culture",
        "region": "Asia",
        "tags": ["Heritage", "Culture"],
        "source": "Agencies",
    },
    {
        "headline": (
            "Health ministry in DR Congo reports cholera surge as floods swamp Kinshasa districts"
        ),
        "summary": (
            "Congolese health authorities recorded more than 2,000 suspected cholera cases in two "
            "weeks after torrential rains flooded low-lying neighbourhoods of the capital and "
            "contaminated water supplies."
        ),
        "body": (
            "The Democratic Republic of Congo's health ministry said on Wednesday it had recorded "
            "more than 2,000 suspected cholera cases and 46 deaths in Kinshasa over the past two "
            "weeks, following torrential rains that flooded several low-lying districts of the "
            "capital.\n\n"
            "The outbreak is concentrated in the communes of Limete, Kingabwa and Masina, where "
            "floodwaters mixed with sewage and contaminated wells and water points, the ministry "
            "said in a statement. Health officials said treatment centres were operating at full "
            "capacity.\n\n"
            "“The floods destroyed latrines and water points in a matter of hours. When families "
            "have no choice but to drink from contaminated sources, cholera spreads very quickly, "
            "and the poorest are always hit first,” said Dr. Jean-Pierre Mukendi, who heads the "
            "ministry's epidemic response unit.\n\n"
            "## Vaccination campaign planned\n\n"
            "The ministry said it had requested oral cholera vaccine doses from the international "
            "emergency stockpile and planned to begin a vaccination campaign targeting around "
            "900,000 people in the most affected areas within 10 days. Global supplies of the "
            "vaccine remain tight.\n\n"
            "Aid organisations are distributing water purification tablets and hygiene kits and "
            "setting up temporary chlorination points. A spokesperson for a medical charity "
            "working in the city said staff were treating “dozens of severe cases every day”.\n\n"
            "Meteorologists say the rainy season in central Africa has become more erratic, with "
            "**short bursts of extreme rainfall** overwhelming drainage systems in rapidly growing "
            "cities. Urban planners have long warned that unregulated construction in flood-prone "
            "areas of Kinshasa leaves residents exposed. The ministry urged residents to boil "
            "drinking water and to seek treatment immediately at the first signs of severe "
            "diarrhoea."
        ),
        "section": "Health",
        "region": "Africa",
        "tags": ["Public health", "Water", "Vaccines", "Climate"],
        "source": "Reuters",
    },
    {
        "headline": "Gaza hospitals warn of fuel shortage as generators run on last reserves",
        "summary": (
            "Hospital directors in Gaza said intensive care units, dialysis wards and incubators "
            "could shut down within days unless fuel deliveries resume, as a polio vaccination "
            "round was also put on hold."
        ),
        "body": (
            "Hospitals in the Gaza Strip warned on Thursday that they were running on their last "
            "reserves of fuel, with directors saying generators powering intensive care units, "
            "dialysis machines and neonatal incubators could stop within days unless deliveries "
            "resume.\n\n"
            "The director of a major hospital in central Gaza, Dr. Khaled Al-Astal, told Al "
            "Mayadeen English that staff had already switched off air conditioning in most wards "
            "and reduced lighting to conserve diesel. He said 11 premature babies were in "
            "incubators at the facility.\n\n"
            "“We are making impossible choices every hour. Do we keep the oxygen plant running or "
            "the dialysis unit? Do we operate tonight or wait until tomorrow? No doctor should "
            "ever have to ration electricity between patients,” Al-Astal said.\n\n"
            "The health ministry in Gaza said in a statement that only a fraction of the fuel "
            "required to run the Strip's remaining hospitals had entered in recent weeks. UN "
            "agencies have repeatedly called for fuel to be treated as a **humanitarian "
            "necessity** rather than a bargaining chip.\n\n"
            "## Vaccination round paused\n\n"
            "A planned second round of polio vaccinations for children under 10 has also been "
            "postponed because of insecurity and the lack of fuel to run cold-chain equipment, a "
            "UN official said, speaking on condition of anonymity. The first round reached several "
            "hundred thousand children.\n\n"
            "Medical charities say the shortages come on top of severe overcrowding, shortages of "
            "antibiotics and anaesthetics, and repeated damage to health facilities. The World "
            "Health Organization has published a [situation "
            "report](https://example.org/gaza-health-situation) detailing the status of each "
            "hospital in the Strip. Hospital directors have appealed to international donors to "
            "fund solar panels as a longer-term alternative to diesel."
        ),
        "section": "Health",
        "region": "Palestine",
        "tags": ["Gaza", "Public health", "Humanitarian aid", "Vaccines"],
        "source": "Al Mayadeen English",
    },
    {
        "headline": (
            "Philippines rolls out dengue vaccine pilot in three provinces after record case "
            "numbers"
        ),
        "summary": (
            "The Philippine health department began a pilot dengue vaccination programme for "
            "schoolchildren in three provinces, seeking to rebuild public trust after a "
            "controversy over an earlier campaign."
        ),
        "body": (
            "The Philippines began a pilot dengue vaccination programme for schoolchildren in "
            "three provinces on Monday, health officials said, after the country recorded its "
            "highest number of dengue cases in more than a decade.\n\n"
            "The programme will initially offer a newer-generation vaccine to children aged 9 to "
            "14 in Iloilo, Cebu and Pangasinan, with parental consent. Health Undersecretary Maria "
            "Teresa Lacson said around 250,000 doses had been secured for the first phase.\n\n"
            "The rollout is being closely watched because of the controversy surrounding a "
            "previous dengue vaccination campaign several years ago, which was suspended after "
            "safety concerns were raised. The episode damaged public confidence in vaccines and "
            "contributed to a drop in routine immunisation rates.\n\n"
            "“We know that trust has to be earned again, one family at a time. That is why we are "
            "starting with a pilot, with full transparency, independent monitoring and clear "
            "information for parents about the benefits and the risks,” Lacson told reporters in "
            "Manila.\n\n"
            "The health department said more than 280,000 dengue cases had been recorded so far "
            "this year, with hospitals in several regions reporting overcrowded wards during the "
            "peak of the rainy season. Experts link the rise partly to warmer temperatures and "
            "heavier rains, which expand mosquito breeding grounds.\n\n"
            "Paediatrician Dr. Ramon Villanueva, a member of the independent monitoring panel, "
            "said the panel would publish **regular safety reports**. Officials said a decision on "
            "a nationwide rollout would be made next year, depending on uptake and safety data. "
            "Parents can register their children through participating schools until the end of "
            "the month. Officials also urged households to remove standing water around their "
            "homes, which remains the most effective way to limit mosquito breeding."
        ),
        "section": "Health",
        "region": "Asia-Pacific",
        "tags": ["Vaccines", "Public health"],
        "source": "AFP",
    },
    {
        "headline": (
            "Global study links extreme heat to rising kidney disease among outdoor workers"
        ),
        "summary": (
            "Researchers who followed farm and construction workers on four continents found that "
            "repeated exposure to extreme heat sharply raised the risk of chronic kidney damage, "
            "even among young adults."
        ),
        "body": (
            "Repeated exposure to extreme heat significantly increases the risk of chronic kidney "
            "disease among outdoor workers, according to a large international study published on "
            "Monday, adding to evidence that rising temperatures pose a growing threat to "
            "health.\n\n"
            "The research followed more than 18,000 agricultural and construction workers in 11 "
            "countries across Central America, South Asia, the Middle East and West Africa over "
            "five years. Workers who regularly laboured in temperatures above 35 degrees Celsius "
            "were nearly twice as likely to show signs of kidney damage as those in cooler "
            "conditions.\n\n"
            "The study's lead author, Dr. Helena Castillo, said the findings were particularly "
            "worrying because many of those affected were in their twenties and thirties and had "
            "no other risk factors, such as diabetes or high blood pressure.\n\n"
            "“What we are seeing is a disease of work and of climate. These are young, otherwise "
            "healthy people whose kidneys are being damaged by dehydration and heat stress, shift "
            "after shift, season after season,” Castillo said in a statement released with the "
            "study.\n\n"
            "## Simple measures, big difference\n\n"
            "The researchers found that access to shade, regular rest breaks and clean drinking "
            "water reduced the risk substantially. Sites that introduced mandatory rest periods "
            "during the hottest hours of the day saw **a drop of around 40 percent** in new "
            "cases.\n\n"
            "Labour rights organisations said the findings should prompt governments to adopt "
            "enforceable heat standards. Several countries have introduced midday work bans during "
            "summer months, but enforcement is often weak, particularly in informal sectors. The "
            "full study is [available online](https://example.org/heat-kidney-study). The authors "
            "said they planned to extend their research to workers in factories and warehouses "
            "without air conditioning."
        ),
        "section": "Health",
        "region": None,
        "tags": ["Public health", "Climate"],
        "source": "Staff",
    },
    {
        "headline": (
            "Venice fines tourists for swimming in Grand Canal as late-summer heatwave lingers"
        ),
        "summary": (
            "City police in Venice issued a string of fines to visitors caught swimming in the "
            "Grand Canal and its side channels, as temperatures stayed above 35 degrees Celsius "
            "for a second week."
        ),
        "body": (
            "Police in Venice have fined more than a dozen tourists for swimming in the Grand "
            "Canal and surrounding waterways over the past week, as a late-summer heatwave kept "
            "temperatures in the lagoon city above 35 degrees Celsius.\n\n"
            "Among those fined were two visitors who dived from the steps of a historic palazzo "
            "near the Rialto Bridge on Tuesday afternoon, in front of crowds of onlookers. Each "
            "was ordered to pay 450 euros and temporarily banned from the city centre, local "
            "police said in a statement.\n\n"
            "Swimming in Venice's canals is forbidden both for safety reasons, given the constant "
            "traffic of water taxis, gondolas and delivery boats, and because of concerns about "
            "water quality. The city has also introduced rules against sitting on bridges to eat "
            "and wearing swimwear away from the beaches of the Lido.\n\n"
            "“We understand that it is hot, and we want visitors to enjoy Venice. But the canals "
            "are not a swimming pool. They are the streets of a living city, and they deserve the "
            "same respect as the streets of any other place,” said deputy mayor Francesca "
            "Lorenzon.\n\n"
            "Residents' associations have long complained that mass tourism is eroding daily life "
            "in the historic centre, whose resident population has fallen below 50,000. The city "
            "has introduced an **entry fee for day-trippers** on peak days in an attempt to manage "
            "crowds.\n\n"
            "Meteorologists said the heat was expected to ease by the weekend, with thunderstorms "
            "forecast across northern Italy. The regional environmental agency reported that water "
            "temperatures in the lagoon had reached record levels for the time of year. Scientists "
            "have warned that warmer water could accelerate the growth of algae in the lagoon in "
            "the coming weeks."
        ),
        "section": "Miscellaneous",
        "region": "Europe",
        "tags": ["Heritage", "Climate"],
        "source": "Agencies",
    },
    {
        "headline": (
            "Record-breaking durian auction in Malaysia fetches $48,000 for a single prized fruit"
        ),
        "summary": (
            "A single Musang King durian from a family orchard in Pahang sold for a record sum at "
            "a charity auction, highlighting the booming demand for the pungent fruit across Asia, "
            "particularly in China."
        ),
        "body": (
            "A single durian sold for the equivalent of $48,000 at a charity auction in Malaysia "
            "on Saturday, organisers said, setting what they believe is a national record for the "
            "famously pungent fruit.\n\n"
            "The Musang King durian, weighing just over 3 kilograms, came from a family orchard in "
            "the state of Pahang that has been cultivating the variety for three generations. It "
            "was bought by a Kuala Lumpur businessman, Tan Wei Liang, who said he planned to share "
            "it with staff at his company.\n\n"
            "Proceeds from the auction, which also included several dozen other premium fruits, "
            "will go to a foundation supporting rural schools, according to the organisers.\n\n"
            "“My grandfather planted these trees when people laughed at him for growing fruit that "
            "smells like that. Today the whole village is here to watch one of our durians make "
            "history. I think he would be proud, and a little surprised,” said orchard owner "
            "Aminah Yusof.\n\n"
            "Durian exports from Malaysia have surged in recent years, driven largely by demand "
            "from China, where the fruit is considered a luxury delicacy. Malaysian growers are "
            "competing with producers in Thailand and Vietnam for market share, and the government "
            "has been negotiating to expand **exports of fresh whole fruit** rather than frozen "
            "pulp.\n\n"
            "Agricultural economists say the boom has raised incomes in some rural areas but also "
            "encouraged the clearing of forest land for new plantations. Environmental groups have "
            "called for stricter rules on land conversion. The state agriculture department said "
            "it would review permits for new orchards on steep hillsides in Pahang. The peak "
            "durian season in Malaysia usually runs from June to August, when roadside stalls "
            "across the peninsula fill with fruit."
        ),
        "section": "Miscellaneous",
        "region": "Asia",
        "tags": ["Agriculture", "Trade"],
        "source": "AFP",
    },
    {
        "headline": (
            "Montreal library welcomes back novel borrowed 93 years ago, with a handwritten apology"
        ),
        "summary": (
            "A copy of a 1920s French-language novel was returned to a Montreal public library "
            "nearly a century overdue, accompanied by a letter from the borrower's "
            "great-granddaughter explaining its journey."
        ),
        "body": (
            "A Montreal public library has received a French-language novel that was borrowed in "
            "1931 and never returned, along with a handwritten letter of apology from the original "
            "borrower's great-granddaughter, library officials said on Wednesday.\n\n"
            "The book, a 1920s edition of a popular romance novel, still bears the library's "
            "original stamp and a due date card marked in faded ink. It was found in a box of "
            "family papers in a house in the Eastern Townships that was being cleared for sale.\n\n"
            "The letter, signed by Geneviève Tremblay, explains that her great-grandmother, a "
            "seamstress named Rose-Alma, had borrowed the book shortly before moving to the "
            "countryside with her family during the Depression. The book travelled with the family "
            "through several moves over the decades.\n\n"
            "“She loved this story so much that she could never bring herself to give it back. I "
            "think it is time it went home, and I hope the fine is not calculated with interest,” "
            "Tremblay wrote in the letter, which the library shared on its social media "
            "accounts.\n\n"
            "Head librarian Marc-André Gagnon said the library had no intention of charging a "
            "fine. “After 93 years, we are simply happy to have it back,” he said in a statement. "
            "“It is a reminder of how much books mean to people across generations.”\n\n"
            "The novel will be displayed in a glass case at the library's main branch as part of "
            "an exhibition on **the history of public reading** in the city, before returning to "
            "the circulating collection. Library staff said they had also received dozens of "
            "messages from readers confessing to long-overdue books of their own."
        ),
        "section": "Miscellaneous",
        "region": "US & Canada",
        "tags": ["Heritage", "Media", "Culture"],
        "source": "AP",
    },
    {
        "headline": (
            "India unveils homegrown AI language model trained on all 22 of its official languages"
        ),
        "summary": (
            "A government-backed consortium launched an open large language model built to "
            "understand and generate text in India's 22 scheduled languages, aiming to reduce "
            "reliance on foreign tech giants."
        ),
        "body": (
            "A consortium of Indian research institutes and technology companies backed by the "
            "government launched an artificial intelligence language model on Tuesday that it said "
            "could understand and generate text in all 22 of the country's officially recognised "
            "languages.\n\n"
            "The model, trained on what the consortium described as one of the largest collections "
            "of Indian-language text ever assembled, will be made available free of charge to "
            "researchers and start-ups, with commercial licences offered to larger companies, "
            "according to a statement.\n\n"
            "Project director Anand Raghavan said the aim was to ensure that hundreds of millions "
            "of Indians who do not use English online could benefit from AI tools in government "
            "services, education and agriculture.\n\n"
            "“Most of the AI systems in the world today speak very good English and very poor "
            "Maithili, Santali or Manipuri. A farmer in Odisha should be able to ask a question in "
            "Odia and get a reliable answer. That is the problem we set out to solve,” Raghavan "
            "said at the launch in Bengaluru.\n\n"
            "## Data sovereignty concerns\n\n"
            "Officials said the model had been trained entirely on computing infrastructure "
            "located in India, reflecting growing government concern about data sovereignty and "
            "the security of sensitive information processed by foreign AI services. The ministry "
            "of electronics has been drafting rules on where government data can be stored.\n\n"
            "Independent experts welcomed the launch but said performance would need to be tested "
            "rigorously. Computational linguist Dr. Meera Pillai said that for several languages, "
            "the amount of **high-quality digital text** remained limited, which could affect "
            "accuracy. The consortium has published [technical "
            "documentation](https://example.org/indic-language-model) describing its training "
            "process. The consortium said a smaller version of the model, designed to run on "
            "mobile phones, would be released next year."
        ),
        "section": "Technology",
        "region": "Asia",
        "tags": ["AI", "Cybersecurity"],
        "source": "Reuters",
    },
    {
        "headline": (
            "Cyberattack disrupts Scandinavian ferry bookings for a third day, operator says"
        ),
        "summary": (
            "A ransomware attack on a major ferry operator linking Denmark, Norway and Sweden has "
            "left passengers unable to book online for three days, with freight schedules also "
            "affected."
        ),
        "body": (
            "A ransomware attack on one of Scandinavia's largest ferry operators disrupted online "
            "bookings for a third consecutive day on Thursday, forcing passengers to buy tickets "
            "at terminals and causing delays to some freight services between Denmark, Norway and "
            "Sweden.\n\n"
            "The company said in a statement that it had detected “unauthorised activity” in its "
            "IT systems on Monday night and had taken several systems offline as a precaution. "
            "Sailings were continuing, but check-in procedures were taking longer than usual at "
            "ports including Oslo, Kiel and Frederikshavn.\n\n"
            "Chief executive Lars Henriksen said there was no indication that the vessels' "
            "navigation or safety systems had been affected. He said the company was working with "
            "external specialists and national cybersecurity authorities in the three countries to "
            "restore services.\n\n"
            "“The safety of our passengers and crew has never been at risk. But we know that this "
            "has caused real frustration for travellers and for our freight customers, and we are "
            "working around the clock to get everything back to normal,” Henriksen said.\n\n"
            "Norway's national security authority confirmed it had been notified and said the "
            "attack bore the hallmarks of a known criminal ransomware group. It did not say "
            "whether a ransom had been demanded. The company declined to comment on that "
            "question.\n\n"
            "The incident is the latest in a series of attacks on European transport and logistics "
            "firms. Analysts say shipping companies are attractive targets because **even short "
            "outages** can cause costly disruption to supply chains. The European Union's "
            "cybersecurity agency has urged operators to strengthen their defences and rehearse "
            "response plans. The ferry operator said it expected online booking services to be "
            "fully restored by the weekend."
        ),
        "section": "Technology",
        "region": "Europe",
        "tags": ["Cybersecurity", "Shipping"],
        "source": "AFP",
    },
    {
        "headline": (
            "Iranian start-ups turn to local cloud and homegrown AI tools as sanctions cut off "
            "services"
        ),
        "summary": (
            "Technology entrepreneurs in Tehran say a new wave of restrictions by foreign "
            "providers has pushed them to build domestic alternatives, from cloud hosting to AI "
            "assistants trained on Persian text."
        ),
        "body": (
            "Technology start-ups in Iran are increasingly relying on domestic cloud providers and "
            "homegrown artificial intelligence tools, entrepreneurs say, after a new round of "
            "account closures by foreign software companies citing sanctions compliance.\n\n"
            "In recent months, several Iranian developers reported that their accounts on "
            "international code-hosting, cloud and AI platforms had been suspended without "
            "warning, cutting off access to their own projects. Some lost years of work, according "
            "to posts shared on Persian-language forums.\n\n"
            "Niloufar Rahimi, co-founder of a Tehran-based logistics app with more than a million "
            "users, said her company had moved all of its infrastructure to a domestic cloud "
            "provider within three weeks after its foreign hosting account was closed.\n\n"
            "“Every time a door closes, we build a new one ourselves. It is slower and more "
            "expensive, but at least nobody can switch off our business from the other side of the "
            "world,” Rahimi told Al Mayadeen English.\n\n"
            "## A domestic ecosystem\n\n"
            "Iran's technology sector has grown rapidly over the past decade despite sanctions, "
            "with local companies offering ride-hailing, food delivery, online banking and "
            "e-commerce services. Several firms have now launched AI assistants trained on "
            "Persian-language text, including chatbots for customer service and translation.\n\n"
            "Experts say the trend raises new **cybersecurity challenges**, as smaller domestic "
            "providers may lack the resources of global firms. Tehran-based security researcher "
            "Babak Moradi said local companies needed to invest more in encryption and audits. "
            "Still, he added, the shift had created “thousands of new engineering jobs that would "
            "not exist otherwise”. Industry groups estimate that several thousand Iranian "
            "developers have been affected by account suspensions this year. Several universities "
            "in Tehran have launched new courses in cloud engineering to meet demand from local "
            "companies."
        ),
        "section": "Technology",
        "region": "MENA",
        "tags": ["Sanctions", "AI", "Cybersecurity"],
        "source": "Al Mayadeen English",
    },
    {
        "headline": (
            "New Zealand rocket firm launches AI-assisted weather satellite for Pacific island "
            "states"
        ),
        "summary": (
            "A small satellite built to improve storm forecasting for Pacific island nations was "
            "launched from New Zealand's Mahia Peninsula, carrying onboard software to process "
            "cloud imagery in orbit."
        ),
        "body": (
            "A rocket carrying a small weather satellite designed to improve storm forecasting for "
            "Pacific island nations lifted off from New Zealand's Mahia Peninsula on Friday, the "
            "launch company said, marking the first regional project of its kind.\n\n"
            "The 90-kilogram satellite was developed by a consortium of universities in New "
            "Zealand, Fiji and Samoa with funding from regional development partners. It carries "
            "an imaging sensor and onboard computing that uses artificial intelligence to identify "
            "developing storm systems and transmit alerts more quickly to national meteorological "
            "services.\n\n"
            "Mission scientist Dr. Losana Vakacegu of the University of the South Pacific said the "
            "satellite would provide more frequent images of the vast ocean region, where gaps in "
            "coverage have hampered the tracking of tropical cyclones.\n\n"
            "“For small island communities, a few hours of extra warning can decide whether "
            "families have time to move to higher ground. This satellite is about giving our "
            "forecasters the tools they need, designed around our region and our risks,” Vakacegu "
            "said in a statement after the launch.\n\n"
            "Pacific island nations are among the most exposed to the effects of climate change, "
            "including stronger storms and rising seas. Several countries in the region have "
            "called on wealthier states to fund early warning systems as part of broader **climate "
            "adaptation finance**.\n\n"
            "The launch company said the satellite had separated successfully from the rocket's "
            "upper stage and that ground stations had received its first signals. Operators expect "
            "the first images to be shared with regional weather services within a month. The "
            "consortium said the imagery would also be made freely available to researchers "
            "studying Pacific weather patterns."
        ),
        "section": "Technology",
        "region": "Asia-Pacific",
        "tags": ["Climate", "AI"],
        "source": "Agencies",
    },
    {
        "headline": (
            "Drought pushes Zambia's hydropower output to record low, deepening daily blackouts"
        ),
        "summary": (
            "Water levels at the Kariba dam have fallen to their lowest since it was built, "
            "forcing Zambia to cut power generation and extend load-shedding to as much as 17 "
            "hours a day in some areas."
        ),
        "body": (
            "Zambia's hydroelectric power output has fallen to its lowest level on record after a "
            "severe drought drained the Kariba reservoir, forcing the state power utility to "
            "extend scheduled blackouts to as many as 17 hours a day in some areas, officials said "
            "on Monday.\n\n"
            "The Kariba dam, shared with neighbouring Zimbabwe on the Zambezi river, normally "
            "supplies the bulk of Zambia's electricity. The Zambezi River Authority said usable "
            "water stored in the lake stood at just over 5 percent of capacity, a level not seen "
            "since the dam was completed in the late 1950s.\n\n"
            "Energy minister Joseph Mwale said in a statement to parliament that the government "
            "was importing electricity from neighbouring countries and accelerating solar "
            "projects, but acknowledged that supply would remain severely constrained until the "
            "next rainy season.\n\n"
            "“This is not a crisis of our making, but it is a crisis we must manage. Our rivers "
            "are giving us less water every year, and we cannot continue to depend on a single "
            "source of power,” Mwale told lawmakers.\n\n"
            "## Businesses struggle\n\n"
            "Small businesses in Lusaka say the blackouts have forced them to buy diesel "
            "generators or cut working hours. Welder Chanda Banda said he had lost more than half "
            "of his income. “I come to work and I sit and wait for power,” he said.\n\n"
            "The drought, which scientists have linked to a strong El Niño and longer-term "
            "warming, has also devastated crops across southern Africa. Aid agencies estimate that "
            "millions of people in the region need food assistance. Mining companies, which "
            "account for most of Zambia's export earnings, have been asked to **reduce electricity "
            "demand** during peak hours."
        ),
        "section": "Environment",
        "region": "Africa",
        "tags": ["Drought", "Energy", "Water"],
        "source": "Reuters",
    },
    {
        "headline": (
            "Amazon river levels fall to historic lows as Manaus declares state of emergency"
        ),
        "summary": (
            "The Rio Negro at Manaus dropped to its lowest level since records began, stranding "
            "riverside communities, killing fish and forcing authorities to deliver water and food "
            "by helicopter."
        ),
        "body": (
            "The Rio Negro at the port of Manaus, the largest city in the Brazilian Amazon, fell "
            "to its lowest level since records began more than a century ago, officials said on "
            "Friday, as the city declared a state of emergency over the worsening drought.\n\n"
            "The river measured 12.1 metres at the port gauge, below the previous record set two "
            "years ago, according to the Brazilian geological service. Dozens of riverside "
            "communities that rely on boats for transport, food and medicine have been cut off, "
            "with authorities delivering supplies by helicopter and small aircraft.\n\n"
            "Manaus mayor's office spokesperson Cláudia Reis said the emergency decree would allow "
            "the city to speed up the purchase of drinking water, food baskets and fuel for remote "
            "communities. Schools in several rural districts have closed because pupils cannot "
            "reach them.\n\n"
            "“The river is our road, our market and our source of life. When it disappears like "
            "this, everything stops. We are seeing families walking kilometres across sandbanks "
            "just to reach a boat,” said Raimundo Souza, a community leader in the Tupé reserve "
            "near Manaus.\n\n"
            "Scientists say the drought is being driven by a combination of warmer Atlantic "
            "waters, an El Niño pattern and long-term deforestation, which reduces the forest's "
            "ability to recycle moisture. Researchers have also recorded mass deaths of fish and "
            "river dolphins as water temperatures soar in shallow lakes.\n\n"
            "Environmental groups said the crisis underscored the need to **halt deforestation** "
            "and invest in adaptation for Amazon communities. A group of scientists has published "
            "an [open letter](https://example.org/amazon-drought-letter) urging regional "
            "governments to coordinate their response. Forecasters said significant rainfall was "
            "not expected in the region for several more weeks."
        ),
        "section": "Environment",
        "region": "Latin America",
        "tags": ["Drought", "Climate", "Water"],
        "source": "AFP",
    },
    {
        "headline": (
            "Pacific island leaders demand 'loss and damage' payouts ahead of global climate talks"
        ),
        "summary": (
            "Leaders of Pacific island states called on wealthy nations to deliver money already "
            "promised for climate-related loss and damage, warning that rising seas threaten the "
            "survival of entire communities."
        ),
        "body": (
            "Leaders of Pacific island nations on Wednesday called on wealthy countries to "
            "urgently pay into a fund for climate-related loss and damage, warning at a regional "
            "summit that delays were costing lives and livelihoods in communities on the front "
            "line of rising seas.\n\n"
            "In a joint declaration issued at the end of a three-day meeting in Apia, Samoa, the "
            "leaders said the fund agreed at previous UN climate talks remained “grossly "
            "undercapitalised” and demanded that pledges be converted into disbursements before "
            "the next round of negotiations.\n\n"
            "Tuvaluan foreign minister Simeon Talakatoa said some low-lying atolls in his country "
            "were already experiencing regular flooding of homes and contamination of freshwater "
            "supplies by seawater.\n\n"
            "“We did not cause this crisis, yet we are being asked to pay for it with our land, "
            "our graves and our future. Promises on paper do not build sea walls. We need the "
            "money to arrive, and we need it now,” Talakatoa told the summit.\n\n"
            "The declaration also called for a phase-out of fossil fuels and urged major emitters "
            "to strengthen their national targets. Several leaders criticised new oil and gas "
            "projects approved by regional partners, though the text did not name specific "
            "countries.\n\n"
            "Climate finance analyst Rebecca Lowe said the Pacific bloc had become **an "
            "influential voice** in global climate diplomacy despite its small population. She "
            "noted that less than a quarter of the money pledged to the loss and damage fund had "
            "been paid so far, according to figures published by its secretariat. Leaders agreed "
            "to meet again before the next round of UN climate negotiations to coordinate their "
            "positions."
        ),
        "section": "Environment",
        "region": "Asia-Pacific",
        "tags": ["Climate", "Diplomacy"],
        "source": "AP",
    },
    {
        "headline": (
            "Iraq's marshes shrink again as Tigris flows drop and farmers abandon buffalo herds"
        ),
        "summary": (
            "Water levels in southern Iraq's Mesopotamian marshes have fallen sharply after a dry "
            "winter and reduced river flows, pushing families who have lived there for generations "
            "to leave for cities."
        ),
        "body": (
            "Water levels in the Mesopotamian marshes of southern Iraq have fallen to their lowest "
            "point in years, local officials said, forcing buffalo herders and fishermen to sell "
            "their animals and move to cities in search of work.\n\n"
            "The marshes, a UNESCO World Heritage site at the confluence of the Tigris and "
            "Euphrates rivers, depend on river flows that have declined sharply due to upstream "
            "dams, reduced rainfall and rising temperatures. In parts of the Chibayish area, reed "
            "beds have dried out completely and channels once navigated by boat are now cracked "
            "mud.\n\n"
            "Dhi Qar provincial environment official Haidar Al-Saedi told Al Mayadeen English that "
            "more than 3,000 families had left the marshes over the past two years. Many have "
            "moved to informal settlements on the outskirts of Nasiriyah and Basra.\n\n"
            "“My father and his father raised buffalo here. The animals need fresh water and reeds "
            "to survive, and both are gone. I sold twenty buffalo last month for half their value "
            "because I had no choice,” said herder Jabbar Kadhim, standing beside a dry channel "
            "near his village.\n\n"
            "## Regional water tensions\n\n"
            "Iraqi officials have repeatedly called on neighbouring countries upstream to release "
            "more water, and the issue has become a recurring topic in diplomatic talks. Experts "
            "say agricultural practices inside Iraq, including flood irrigation, also waste "
            "significant amounts of water.\n\n"
            "The World Food Programme has warned that declining water availability threatens food "
            "security across southern Iraq. Environmental researcher Samira Al-Hilali said "
            "**coordinated water management** and investment in modern irrigation could help "
            "restore parts of the marshes, but that time was running out. Local officials said "
            "they were planning emergency water releases from upstream reservoirs, but warned "
            "these would offer only temporary relief."
        ),
        "section": "Environment",
        "region": "MENA",
        "tags": ["Water", "Drought", "Agriculture", "Migration"],
        "source": "Al Mayadeen English",
    },
    {
        "headline": (
            "The world's silence on Gaza is a policy choice, not an accident of distraction"
        ),
        "summary": (
            "Governments that claim to be powerless in the face of Gaza's humanitarian catastrophe "
            "have every tool they need to act; what they lack is the political will to use them, "
            "argues our columnist."
        ),
        "body": (
            "*By Leila Haddadin, columnist*\n\n"
            "There is a comfortable story that many governments like to tell about Gaza. It goes "
            "like this: the situation is terrible, the history is complicated, and there is only "
            "so much that outsiders can do. It is a story designed to soothe, and it is false.\n\n"
            "States have an enormous range of tools at their disposal. They can condition arms "
            "sales, suspend trade preferences, fund aid agencies that have been starved of money, "
            "and insist, with consequences, that crossings be opened to food, fuel and medicine. "
            "When governments want to act elsewhere in the world, they do so within days. The "
            "difference is not capacity. It is choice.\n\n"
            "“Neutrality in the face of mass suffering is not neutral. It is a decision to let the "
            "strongest party define what is acceptable,” a veteran aid worker told me recently, "
            "after returning from months of work in hospitals in Khan Younis. I have not been able "
            "to stop thinking about that sentence.\n\n"
            "The media bears part of the responsibility. Coverage that treats each new massacre as "
            "a fresh, unconnected event, stripped of context and followed by a swift return to "
            "other news, normalises what should never be normal. Words such as “clashes” and "
            "“complex” do a great deal of quiet work in hiding who is doing what to whom.\n\n"
            "None of this requires readers to hold a particular view on the politics of the "
            "region. It requires only that we take international humanitarian law as seriously "
            "when it is inconvenient as when it is useful. **Children are not collateral.** "
            "Hospitals are not legitimate targets. Starvation is not a negotiating tactic.\n\n"
            "Silence has a cost, and the people of Gaza are paying it every day. The least the "
            "rest of us can do is stop pretending that the silence is anything other than a choice."
        ),
        "section": "Opinion",
        "region": "Palestine",
        "tags": ["Gaza", "Humanitarian aid", "Media"],
        "source": "Staff",
    },
    {
        "headline": (
            "Why any serious AI regulation must start with the workers it is about to displace"
        ),
        "summary": (
            "Debates about artificial intelligence focus on existential risks and copyright, but "
            "the most immediate question is what happens to the millions of people whose jobs are "
            "being automated right now."
        ),
        "body": (
            "*By Tomás Riedel, contributing writer*\n\n"
            "Listen to the people building artificial intelligence and you will hear a great deal "
            "about the distant future: superintelligence, the end of scarcity, risks to humanity "
            "itself. Listen to the people whose jobs are being reshaped by it today and you will "
            "hear something far more concrete: fewer hours, lower rates and the quiet "
            "disappearance of entry-level positions.\n\n"
            "Call-centre agents, translators, illustrators, junior paralegals and data-entry "
            "workers are already feeling the effects. In many cases, their jobs have not vanished "
            "outright. Instead, they have been redesigned so that one person supervises what a "
            "machine produces, at a fraction of the previous pay. In several cities, translators "
            "and voice actors have staged protests outside the offices of companies that replaced "
            "them with automated systems.\n\n"
            "“Nobody told us we were being replaced. They told us we were being augmented. Then "
            "the team went from twelve people to four,” a translator in Lisbon told me last month. "
            "Her story is not unusual, and it is not captured by most official statistics.\n\n"
            "Regulation so far has focused on transparency, safety testing and intellectual "
            "property. These matter. But a framework that says nothing about **how the gains from "
            "automation are shared** is a framework written for shareholders, not for "
            "societies.\n\n"
            "There are practical options. Governments could require companies deploying AI at "
            "scale to consult workers' representatives, fund retraining through a levy on "
            "automation savings, and strengthen protections for freelancers who have little "
            "bargaining power. Some of these ideas are already being tested, as a recent [policy "
            "review](https://example.org/ai-labour-policy-review) shows.\n\n"
            "Technology is not destiny. The choices made in the next few years will determine "
            "whether AI becomes a tool that widens inequality or one that frees people from "
            "drudgery. Those choices should not be left to the companies that profit from them."
        ),
        "section": "Opinion",
        "region": None,
        "tags": ["AI", "Protests"],
        "source": "Staff",
    },
    {
        "headline": "Latin America's lithium boom must not repeat the mistakes of a century of oil",
        "summary": (
            "The race for lithium offers Bolivia, Chile and Argentina a rare chance to break the "
            "cycle of resource dependence, but only if governments put local communities and "
            "long-term industrial plans first."
        ),
        "body": (
            "*By Gabriela Montaño Ríos, economist*\n\n"
            "For more than a century, Latin America has exported its natural wealth in raw form "
            "and imported the finished products at a premium. Copper, silver, guano, rubber and "
            "oil each brought booms, and each boom left behind depleted landscapes, indebted "
            "governments and communities that saw little of the profits.\n\n"
            "Lithium, the metal at the heart of electric-vehicle batteries, is giving the region "
            "another chance. Bolivia, Chile and Argentina together hold more than half of the "
            "world's known reserves. Demand is expected to grow several-fold over the next two "
            "decades as the global energy transition accelerates.\n\n"
            "“The question is not whether we will sell lithium. We will. The question is whether, "
            "twenty years from now, we will still be selling only lithium,” a senior Chilean "
            "mining engineer said at a recent conference in Santiago. It is the right question.\n\n"
            "Answering it well means three things. First, governments must negotiate contracts "
            "that capture a fair share of revenue and require **technology transfer** and local "
            "processing, not just extraction. Second, the Indigenous communities living around the "
            "salt flats must have a genuine say, including over water use, which is the most "
            "precious resource in these arid regions.\n\n"
            "Third, the three countries should coordinate rather than compete to offer foreign "
            "investors the most generous terms. A regional approach to standards, pricing and "
            "industrial policy would strengthen everyone's hand.\n\n"
            "None of this is easy, and the temptation to take quick revenue will be strong. But "
            "the history of oil in the region shows where that temptation leads. This time, there "
            "is still time to choose differently."
        ),
        "section": "Opinion",
        "region": "Latin America",
        "tags": ["Trade", "Energy"],
        "source": "Staff",
    },
    {
        "headline": (
            "Analysis: Why Riyadh and Tehran keep talking despite a summer of regional escalation"
        ),
        "summary": (
            "Saudi-Iranian diplomatic channels have survived a string of crises that might once "
            "have ended them, reflecting a shared interest in stability, oil revenues and keeping "
            "the Gulf out of a wider war."
        ),
        "body": (
            "Two years after Saudi Arabia and Iran restored diplomatic relations, the "
            "rapprochement has faced a series of tests that many observers once expected to derail "
            "it. Yet ambassadors remain in place, officials continue to meet, and both sides have "
            "avoided public recriminations even as the region has lurched from crisis to "
            "crisis.\n\n"
            "Analysts say the explanation lies less in warm feelings than in cold calculation. For "
            "Riyadh, whose economic transformation plans depend on foreign investment and tourism, "
            "a calm Gulf is a strategic necessity. For Tehran, under heavy sanctions and facing "
            "economic hardship at home, reducing tensions with its largest neighbour lowers the "
            "cost of confrontation elsewhere.\n\n"
            "“Both capitals have learned that escalation between them benefits neither. They "
            "disagree on almost everything, but they agree on one thing: the Gulf should not be "
            "the battlefield,” said Dr. Nadia Al-Qasimi, a researcher at a Gulf-based policy "
            "institute.\n\n"
            "## The oil factor\n\n"
            "Energy markets also play a role. Both countries are major oil producers with a shared "
            "interest in stable prices and secure shipping lanes. Attacks on Gulf energy "
            "infrastructure in the past showed how quickly a regional confrontation can disrupt "
            "exports and spook markets.\n\n"
            "The two sides have also found common ground in supporting ceasefire efforts in the "
            "region, at least rhetorically, and have coordinated positions at several multilateral "
            "meetings. Regional mediators, including Oman and Iraq, continue to facilitate quiet "
            "contacts.\n\n"
            "Still, the relationship remains fragile. Disagreements over Yemen, Lebanon and Syria "
            "have not been resolved, and **a major incident at sea** or a shift in Washington's "
            "policy could quickly alter the calculus. For now, however, the channel remains open, "
            "which in this region is no small achievement."
        ),
        "section": "Analysis",
        "region": "MENA",
        "tags": ["Diplomacy", "Oil prices", "Ceasefire"],
        "source": "Staff",
    },
    {
        "headline": (
            "Analysis: Europe's sanctions fatigue grows as energy bills bite and elections loom"
        ),
        "summary": (
            "As households across Europe face another winter of high energy costs, a growing "
            "number of politicians are questioning whether the economic price of sanctions is "
            "worth paying, testing EU unity."
        ),
        "body": (
            "When the European Union adopted its first sweeping packages of sanctions, there was "
            "broad political consensus that the economic pain would be temporary and worth the "
            "cost. Several years and many packages later, that consensus is fraying at the "
            "edges.\n\n"
            "Energy prices for households and businesses remain well above their pre-crisis levels "
            "in most EU countries, even though wholesale gas prices have fallen from their peaks. "
            "Industrial associations in Germany, Italy and Austria have warned that high costs are "
            "pushing manufacturers to relocate production abroad.\n\n"
            "“Sanctions were sold as a short, sharp shock. They have become a long, grinding cost, "
            "and the people paying it are not the ones who designed the policy,” said Dr. Pieter "
            "van Damme, a political economist at a Brussels-based think tank.\n\n"
            "## A shifting political landscape\n\n"
            "Parties critical of the sanctions regime have made gains in several national and "
            "regional elections, and some governments have become more vocal in demanding "
            "exemptions or delays. Each new package now requires longer negotiations and more "
            "concessions to secure the unanimity that EU foreign policy decisions require.\n\n"
            "Officials in Brussels insist that unity is holding, pointing out that every package "
            "so far has eventually been adopted. They argue that the measures have reduced the "
            "revenues of targeted states and that lifting them would reward the behaviour they "
            "were designed to punish.\n\n"
            "But the debate has shifted from whether sanctions are justified to **whether they are "
            "sustainable**. With inflation eroding purchasing power and budgets stretched, the "
            "political cost of each new round is rising. How Europe's leaders manage that tension "
            "may shape the bloc's foreign policy for years to come."
        ),
        "section": "Analysis",
        "region": "Europe",
        "tags": ["Sanctions", "Energy", "Inflation"],
        "source": "Staff",
    },
    {
        "headline": (
            "Analysis: How new tariffs are reshaping the auto corridor between Detroit and Windsor"
        ),
        "summary": (
            "Car parts once crossed the US-Canada border several times before reaching a finished "
            "vehicle; new tariffs are forcing manufacturers to rethink supply chains built up over "
            "decades of free trade."
        ),
        "body": (
            "For decades, the stretch of the Detroit River separating Michigan from Ontario has "
            "been one of the busiest trade crossings in the world. An engine component might cross "
            "the Ambassador Bridge several times, being machined in Windsor, assembled in Michigan "
            "and fitted into a vehicle back in Ontario, before a car ever reaches a showroom.\n\n"
            "New tariffs on imported vehicles and parts are putting that integrated system under "
            "strain. Manufacturers and suppliers say the additional costs accumulate with each "
            "crossing, eroding the thin margins on which many smaller parts makers operate.\n\n"
            "“The auto industry on both sides of this river was built as one machine. You cannot "
            "put a tariff wall through the middle of a machine and expect it to keep running "
            "smoothly,” said Sandra Kowalczyk, who heads an association of parts suppliers in "
            "southern Ontario.\n\n"
            "## Winners and losers\n\n"
            "Some companies have begun shifting production to consolidate more steps on one side "
            "of the border, a process that could bring jobs to certain communities while costing "
            "them in others. Economists warn that the overall effect is likely to be higher "
            "vehicle prices for consumers in both countries.\n\n"
            "The issue has become a flashpoint in election campaigns. Politicians in Michigan and "
            "Ohio argue that tariffs protect American jobs, while Canadian officials have "
            "threatened retaliatory measures and warned of damage to a relationship that supports "
            "hundreds of thousands of jobs.\n\n"
            "Trade lawyer Michael Brennan said the outcome will depend heavily on **the review of "
            "the regional trade agreement** scheduled for next year. Until then, he said, "
            "companies are likely to delay major investments, a pause that could itself weigh on "
            "growth along the corridor."
        ),
        "section": "Analysis",
        "region": "US & Canada",
        "tags": ["Trade", "Elections"],
        "source": "Staff",
    },
    {
        "headline": (
            "Notes from a West Bank olive harvest, picking fruit under the shadow of the "
            "checkpoints"
        ),
        "summary": (
            "Our correspondent spent three days with a family in the hills near Nablus as they "
            "harvested olives from trees their grandparents planted, despite restrictions on "
            "access and fears of settler attacks."
        ),
        "body": (
            "The day starts before sunrise in the village of Burin, south of Nablus. By 6 a.m., "
            "the Mansour family is already loading ladders, tarpaulins and plastic crates into the "
            "back of a battered pickup. Umm Khalil, the matriarch, packs bread, za'atar and a "
            "flask of sweet tea. “We eat under the trees,” she tells me. “That is the best "
            "part.”\n\n"
            "The family's 140 olive trees are spread across terraces on the hillside, some of them "
            "more than a century old. But reaching the groves closest to a nearby settlement "
            "requires coordination with the Israeli army, which grants access for only a few days "
            "each season. This year, the family was given two days.\n\n"
            "“These trees are older than all of us. My grandfather planted some of them, and his "
            "father planted others. Every year we wonder whether we will be allowed to reach them, "
            "and every year we come, because if we stop coming, we lose them,” said Khalil "
            "Mansour, 52, as he shook a branch and olives rained onto the tarpaulin below.\n\n"
            "## A harvest under pressure\n\n"
            "Farmers across the West Bank report a rise in attacks on olive groves during the "
            "harvest, including trees cut down or burned. Rights groups have documented **hundreds "
            "of incidents** in recent seasons. On our second day, a neighbouring family abandoned "
            "their picking after being confronted by a group of settlers.\n\n"
            "In the evenings, the crates go to a village press, where the air smells of crushed "
            "fruit and warm oil. The Mansours expect this year's harvest to yield around 40 tins "
            "of oil, less than half of what they produced a decade ago.\n\n"
            "As the sun sets on the last day, Umm Khalil pours fresh oil over a plate of bread. "
            "“They can count our days,” she says, “but they cannot count our patience.”"
        ),
        "section": "Blog",
        "region": "Palestine",
        "tags": ["Agriculture", "Heritage"],
        "source": "Staff",
    },
    {
        "headline": (
            "Blog: A week of housing rallies in Madrid, and what the young protesters told us"
        ),
        "summary": (
            "Tens of thousands of people marched through Madrid to demand rent controls and more "
            "public housing; we spent a week listening to the tenants, students and workers behind "
            "the movement."
        ),
        "body": (
            "The chants on Gran Vía are loud and specific: “Less tourist flats, more homes for "
            "people.” On Saturday, organisers said some 150,000 people marched through central "
            "Madrid, while police put the figure at around 40,000. Either way, it was one of the "
            "largest housing protests the city has seen.\n\n"
            "Over the past week, I spoke to dozens of people involved in the movement. Most were "
            "in their twenties and thirties, but there were also pensioners facing eviction and "
            "families with young children. The common thread was rent: in many central "
            "neighbourhoods, it has risen far faster than wages over the past decade.\n\n"
            "“I have a degree, I have a full-time job, and I share a flat with three other people "
            "because it is the only way I can afford to live in the city where I was born. That is "
            "not a life plan, it is a survival plan,” said Lucía Martín, 31, a nurse who marched "
            "with her colleagues.\n\n"
            "## Tourism and investors in the spotlight\n\n"
            "Many protesters blame the spread of short-term holiday rentals and large investment "
            "funds buying up buildings. City officials say they have tightened licensing for "
            "tourist apartments, but tenants' unions argue the measures do not go far enough. The "
            "regional government has pointed to new construction projects as the solution.\n\n"
            "Economists note that housing costs have become a major driver of **everyday "
            "inflation** for young people across southern Europe, even as headline inflation has "
            "eased.\n\n"
            "The tenants' union that organised the march says it will escalate, including possible "
            "rent strikes in buildings owned by large landlords. Whether that pressure translates "
            "into policy remains to be seen, but the mood on the street this week was clear: "
            "patience is running out."
        ),
        "section": "Blog",
        "region": "Europe",
        "tags": ["Protests", "Inflation"],
        "source": "Staff",
    },
    {
        "headline": (
            "Inside the Detroit community kitchens feeding families hit by auto parts layoffs"
        ),
        "summary": (
            "As tariffs and slowing demand trigger layoffs at suppliers around Detroit, "
            "volunteer-run community kitchens are seeing record numbers of families, many of them "
            "first-time visitors."
        ),
        "body": (
            "At 4 p.m. on a Tuesday, the line outside a church hall on Detroit's east side already "
            "stretches halfway down the block. Inside, volunteers are ladling chili into takeaway "
            "containers, stacking bread and sorting boxes of donated vegetables. By the end of the "
            "evening, they will have served more than 600 meals.\n\n"
            "Pastor Denise Harmon, who has run the community kitchen for 12 years, says she has "
            "never seen demand like this. Many of the newcomers, she says, are workers laid off in "
            "recent months by auto parts suppliers in the area, as tariffs and slowing car sales "
            "have led companies to cut shifts.\n\n"
            "“These are people who have worked their whole lives. They are proud. Some of them "
            "stand outside for ten minutes before they walk in, because they never imagined they "
            "would need help. We tell them this is their kitchen too,” Harmon said.\n\n"
            "## Rising costs, falling hours\n\n"
            "Economists say the pressure on households is coming from two directions. Prices for "
            "groceries, rent and car insurance remain high after years of inflation, while reduced "
            "hours and layoffs are cutting incomes. Regional food banks report a sharp increase in "
            "demand across southeast Michigan.\n\n"
            "James Whitfield, 48, lost his job at a brake components plant in the spring after 19 "
            "years. He now works part-time in a warehouse and brings his two teenage sons to the "
            "kitchen twice a week. “I used to donate here at Thanksgiving,” he said quietly. “Now "
            "I am on the other side of the table.”\n\n"
            "Harmon says donations have not kept pace with demand, and the kitchen has started a "
            "[fundraising appeal](https://example.org/eastside-kitchen-appeal). Volunteers, many "
            "of them retired autoworkers, have **doubled their shifts** to keep the doors open "
            "five nights a week."
        ),
        "section": "Features",
        "region": "US & Canada",
        "tags": ["Trade", "Inflation"],
        "source": "AP",
    },
    {
        "headline": (
            "On Australia's Murray River, farmers and fish compete for a shrinking share of water"
        ),
        "summary": (
            "Years of drought and heavy irrigation have left the Murray-Darling Basin under "
            "strain, forcing a difficult balancing act between agriculture, river towns and an "
            "ecosystem on the brink."
        ),
        "body": (
            "From the riverbank near the town of Renmark, in South Australia, the Murray looks "
            "calm and broad. But third-generation citrus grower Peter Donnelly knows how deceptive "
            "that can be. “You look at it and think there is plenty of water,” he says. “Then you "
            "look at the allocation and you realise how little of it is ours.”\n\n"
            "The Murray-Darling Basin, which covers a large part of southeastern Australia, "
            "produces a significant share of the country's agricultural output. For decades, water "
            "was allocated generously to irrigators. Then a series of severe droughts exposed the "
            "cost: collapsing wetlands, mass fish deaths and towns downstream running short of "
            "drinking water.\n\n"
            "Governments have since spent billions buying back water rights from farmers to return "
            "flows to the environment, a policy that remains deeply contested in rural "
            "communities.\n\n"
            "“Every litre is fought over. The farmers need it, the towns need it, the river needs "
            "it. The hard truth is that there is not enough water for everyone to have what they "
            "had before, and climate change is making that gap wider,” said river ecologist Dr. "
            "Sarah McAllister.\n\n"
            "## Signs of recovery, and of strain\n\n"
            "Environmental flows have helped some wetlands recover, and native fish such as the "
            "Murray cod have returned to stretches of river where they had disappeared. But "
            "scientists warn that hotter, drier conditions mean droughts will become more frequent "
            "and severe.\n\n"
            "For Donnelly, who has installed drip irrigation and moisture sensors across his "
            "orchards, the future depends on using **every drop more efficiently**. “My "
            "grandfather flooded these rows,” he says. “I count every drop. My kids will probably "
            "have to count them twice.”"
        ),
        "section": "Features",
        "region": "Asia-Pacific",
        "tags": ["Water", "Drought", "Agriculture"],
        "source": "Staff",
    },
    {
        "headline": "How community radio stations became lifelines for families in conflict zones",
        "summary": (
            "From Sudan to Myanmar, low-cost local radio stations are broadcasting safety "
            "warnings, aid information and messages between separated families where phone and "
            "internet networks have collapsed."
        ),
        "body": (
            "When fighting cut the mobile network in her town, the only way Fatima Ahmed could "
            "learn whether her brother was alive was by listening to the radio. Every evening, a "
            "small community station read out messages from families searching for relatives. On "
            "the ninth night, she heard his name and a short message: he was safe, in a village 40 "
            "kilometres away.\n\n"
            "Stories like hers are common in conflict zones around the world, where community "
            "radio stations have become essential sources of information. In places where internet "
            "access is cut, electricity is scarce and newspapers do not reach, a battery-powered "
            "or hand-cranked radio can be the only link to the outside world.\n\n"
            "Aid organisations increasingly rely on these stations to broadcast information about "
            "food distributions, clinic locations, cholera prevention and safe routes. Many "
            "stations operate on tiny budgets, with volunteer presenters and equipment housed in "
            "borrowed rooms or even vehicles.\n\n"
            "“When everything else goes silent, radio keeps talking. People trust a voice they "
            "recognise, speaking their language, telling them where to find water or which road is "
            "safe today,” said Marcus Oyelaran, who trains community broadcasters for a media "
            "development organisation.\n\n"
            "## Risks for broadcasters\n\n"
            "The work is dangerous. Journalists and presenters at local stations have been "
            "threatened, detained and killed, and transmitters are sometimes targeted or seized by "
            "armed groups. Press freedom groups have called for stronger protection of **local "
            "media workers**, who often receive less attention than international "
            "correspondents.\n\n"
            "Funding is another challenge. Many stations depend on short-term grants that end when "
            "international attention moves elsewhere. Advocates argue that sustained support would "
            "cost little compared with the value of the information these stations deliver, and "
            "have published a [guide for donors](https://example.org/community-radio-donors)."
        ),
        "section": "Features",
        "region": None,
        "tags": ["Media", "Humanitarian aid"],
        "source": "Staff",
    },
    {
        "headline": (
            "Syrian musicians rebuild Aleppo's music school from the rubble, one oud at a time"
        ),
        "summary": (
            "A group of teachers and former students has reopened a music school in Aleppo's old "
            "city, restoring instruments salvaged from the ruins and offering free lessons to "
            "children who grew up during the war."
        ),
        "body": (
            "In a restored Ottoman-era courtyard house in the old city of Aleppo, the sound of a "
            "dozen children practising scales on the oud drifts up past arched windows. Only a few "
            "years ago, this building was a shell, its roof collapsed and its walls scarred by "
            "shelling.\n\n"
            "The music school that once occupied the house closed during the war, and many of its "
            "teachers left the country. Last year, a small group of musicians who stayed, led by "
            "veteran oud player Maher Sabbagh, decided to bring it back to life. With donations "
            "from Aleppine families at home and abroad, they repaired the building and reopened "
            "its doors to students.\n\n"
            "“Aleppo has always been a city of music. Before the war, you could not walk through "
            "the souks without hearing someone sing. We want these children to know that this is "
            "their inheritance, and that it survived,” Sabbagh told Al Mayadeen English.\n\n"
            "## Instruments from the ruins\n\n"
            "Many of the school's instruments were salvaged from damaged homes and workshops and "
            "painstakingly repaired by luthier Georges Khoury, who has been making ouds in the "
            "city for more than 40 years. Some still bear small scars, which teachers say they "
            "decided not to hide.\n\n"
            "The school now teaches more than 120 students, mostly between the ages of 8 and 16, "
            "free of charge. Lessons include oud, qanun, violin and traditional singing, with "
            "particular emphasis on the **muwashshahat**, the classical song form for which Aleppo "
            "is renowned.\n\n"
            "Teachers say the biggest challenge is electricity and heating during winter, as well "
            "as the cost of strings and spare parts under economic sanctions. But enrolment "
            "continues to grow. “Every week new parents come and ask,” Sabbagh said. “We never say "
            "no.”"
        ),
        "section": "Features",
        "region": "MENA",
        "tags": ["Music", "Heritage", "Culture"],
        "source": "Al Mayadeen English",
    },
]

BREAKING: list[str] = [
    (
        "Foreign Ministry in Tehran: Any attack on Iranian shipping in the Gulf will be met with a "
        "'proportionate and immediate' response"
    ),
    (
        "Sirens sound in northern occupied Palestine after rocket launches reported from southern "
        "Lebanon"
    ),
    (
        "Official: Egyptian mediator Adel Fathy to host new round of Gaza ceasefire talks in Cairo "
        "on Sunday"
    ),
    "Brent crude jumps above $92 a barrel after explosion reported aboard tanker off Oman",
    "Gaza health ministry: Three hospitals in central Gaza have less than 48 hours of fuel left",
    (
        "Foreign Ministry in Beijing: China urges 'maximum restraint' after naval incident in the "
        "South China Sea"
    ),
    (
        "Finnish Labour Minister Aino Lehtola resigns over defence budget row; coalition majority "
        "cut to three seats"
    ),
    "Sirens sound in Kyiv and several central regions as air force warns of incoming drones",
    "Official: Zambia to extend daily power cuts to 17 hours as Kariba dam levels hit record low",
    "Manaus declares state of emergency as Rio Negro falls to its lowest level since records began",
    (
        "Foreign Ministry in Moscow: Spokesperson Irina Voloshina says new EU sanctions package is "
        "'doomed to fail'"
    ),
    (
        "Senegal's National Assembly approves electoral reform creating an independent elections "
        "authority"
    ),
    "Official: DR Congo requests emergency cholera vaccine doses as Kinshasa cases top 2,000",
    "Bolivian Senate speaker Ramiro Quispe: No foreign embassy will vote on our lithium contracts",
]
