"""Prototype texts for the category classifier: short headlines and leads we wrote.

Each category's centroid is the mean embedding of its prototypes, so what matters is
spread: every prototype shows a different corner of its category (a court ruling and a
coalition deal are both Politics; a merger and a mortgage rate are both Business), in the
headline-plus-lead register the classifier sees at ingest. A few per category are German,
French or Spanish: the English model still places shared names and cognates ("Inflation",
"Champions League") near their English neighbours, and those rows pull the centroids
toward such texts.

Prototypes follow the labelling conventions of the evaluation set: a company's jobs,
results and deals are Business whatever its industry; Technology is products, software,
security and the internet; World takes general hard news (disasters, accidents,
transport breakdowns) as well as foreign affairs.

The texts are invented for this file, about no real event, and share nothing with the
labelled evaluation set (tests/eval/data/categories.jsonl): the classifier is fitted on
these alone. Add prototypes here to fix a confusion the evaluation shows, never by
copying an evaluated article.
"""

from __future__ import annotations

__all__ = ["CATEGORY_SEEDS"]

CATEGORY_SEEDS: dict[str, tuple[str, ...]] = {
    "world": (
        "Ceasefire collapses as shelling resumes along the border. Both armies accused each "
        "other of breaking the truce within hours of it taking effect.",
        "UN Security Council meets in emergency session over naval blockade. Diplomats "
        "said a draft resolution calling for safe passage had little chance of passing.",
        "Earthquake kills dozens in mountain villages. Rescue teams are digging through "
        "collapsed homes as aftershocks shake the region.",
        "Floods force thousands from their homes after a week of monsoon rain. The army "
        "has been deployed to evacuate villages cut off by rising rivers.",
        "Hurricane makes landfall with winds of 200km/h. Coastal towns lost power and "
        "officials warned of a storm surge of up to four metres.",
        "Refugees cross the border as fighting spreads to the capital. Aid agencies say "
        "camps are already full and water is running short.",
        "Foreign ministers sign treaty on shared river after decade of talks. The deal "
        "sets how much water each country may draw in dry years.",
        "Passenger ferry capsizes in a storm, dozens missing. Coastguard vessels and "
        "fishing boats searched the water through the night.",
        "Military seizes power and suspends the constitution. Soldiers surrounded the "
        "presidential palace and state television went off the air.",
        "Wildfire forces evacuation of hillside towns as heatwave continues. Firefighters "
        "from three neighbouring countries joined the effort.",
        "Embassy staff evacuated as unrest grows in the capital. Several governments "
        "advised their citizens to leave on the remaining commercial flights.",
        "Train derailment leaves 14 dead and many injured. Investigators are examining "
        "the signals on the stretch of track where the carriages left the rails.",
        "Aid convoy reaches besieged city for the first time in months. Trucks carried "
        "food, medicine and fuel for hospitals running on generators.",
        "Volcano erupts, sending ash over the islands and grounding flights. Residents "
        "within ten kilometres of the crater were told to leave.",
        "Hostages freed after negotiations brokered by neighbouring state. The group "
        "had been held for six weeks by an armed faction.",
        "Police hunt gunman after shooting at a shopping centre. Three people were "
        "killed and the area was sealed off for several hours.",
        "Summit of regional leaders ends with pledge on migration. The leaders agreed to "
        "share the cost of border reception centres.",
        "Drought leaves millions facing hunger across the region. The harvest failed for "
        "a third year and food prices have doubled.",
        "Gas explosion destroys apartment block, several dead. Neighbours described a "
        "blast that shattered windows streets away.",
        "Tornado tears through small town, flattening homes. Emergency crews went door "
        "to door checking on residents after the storm passed.",
        "Erdbeben erschüttert die Küstenregion, Dutzende Tote. Rettungskräfte suchen in "
        "den Trümmern nach Überlebenden.",
        "Waffenruhe an der Grenze gebrochen: Beide Seiten werfen sich Angriffe vor. Die "
        "Vereinten Nationen rufen zur Zurückhaltung auf.",
        "Inondations : des milliers d'habitants évacués après des pluies torrentielles. "
        "Les secours ont été déployés dans toute la vallée.",
        "Incendio forestal obliga a evacuar varios pueblos. Los bomberos luchan contra "
        "las llamas avivadas por el viento.",
    ),
    "politics": (
        "Parliament passes budget after all-night debate. The finance bill cleared its "
        "final vote by a narrow margin as two government members abstained.",
        "Prime minister reshuffles cabinet after election setback. Three ministers were "
        "moved and the finance portfolio changed hands.",
        "Opposition leader calls for early election as coalition wobbles. The junior "
        "partner said it would not back the government's pension reform.",
        "Supreme Court strikes down voting law. The judges ruled that the new rules on "
        "postal ballots breached the constitution.",
        "Governor signs bill raising the minimum wage. The law takes effect next January "
        "and will rise in two steps.",
        "Polls open in tight presidential race. Turnout was high in the morning and "
        "results are expected shortly after midnight.",
        "Senate committee opens inquiry into defence contracts. Members will question "
        "the minister next week about the awarding of the tender.",
        "Mayor announces bid for a second term. She promised more housing and cheaper "
        "public transport in a speech to party members.",
        "Coalition agrees on climate package after weeks of talks. The parties will "
        "phase out coal heating and raise subsidies for heat pumps.",
        "Minister resigns over expenses scandal. An internal report found she had "
        "charged private trips to her official budget.",
        "Party members choose new leader in runoff vote. The winner promised to unite "
        "the party before the next general election.",
        "City council votes to ban cars from the old town. Councillors approved the "
        "plan after a heated five-hour meeting.",
        "Government unveils immigration reform. The plan would speed up asylum decisions "
        "and create new work visas.",
        "Lawmakers approve new data protection rules. The bill gives regulators power to "
        "fine companies up to four per cent of turnover.",
        "President vetoes spending bill, setting up clash with congress. The veto puts "
        "funding for several agencies at risk.",
        "Referendum on electoral reform set for spring. Voters will decide whether to "
        "replace first past the post with proportional representation.",
        "Regional assembly elects first woman as premier. She leads a three-party "
        "coalition with a majority of two seats.",
        "Campaign finance watchdog fines party over undeclared donations. The party said "
        "it would appeal against the ruling.",
        "Ombudsman criticises ministry over handling of benefit claims. Thousands of "
        "people waited more than a year for a decision.",
        "Bundestag beschließt Rentenreform nach hitziger Debatte. Die Opposition kündigte "
        "eine Klage vor dem Verfassungsgericht an.",
        "Koalition streitet über den Haushalt: Finanzminister lehnt neue Schulden ab. "
        "Die Fraktionen wollen bis Freitag eine Einigung finden.",
        "Le gouvernement présente sa réforme des retraites devant l'Assemblée nationale. "
        "Les syndicats appellent à la grève.",
        "Élections municipales : la liste du maire sortant arrive en tête au premier tour. "
        "Le second tour s'annonce serré.",
        "El Congreso aprueba la reforma laboral con el apoyo de los socios del gobierno. "
        "La oposición votó en contra.",
    ),
    "business": (
        "Central bank holds interest rates but signals cuts later this year. Inflation "
        "has fallen faster than the bank expected.",
        "Carmaker to cut 3,000 jobs as electric car sales slow. The company will close "
        "one of its assembly plants by next summer.",
        "Supermarket chain agrees takeover by private equity group. Shareholders will "
        "receive a premium of 30 per cent on the last closing price.",
        "Shares fall as investors worry about slowing growth. The main index lost two "
        "per cent, its worst day in three months.",
        "Inflation eases to 2.4 per cent as fuel prices fall. Food prices, however, are "
        "still rising faster than wages.",
        "Airline reports record profit on strong summer demand. Ticket prices rose and "
        "planes flew almost full on European routes.",
        "Mortgage rates drop for the first time in two years. Lenders cut the cost of "
        "five-year fixed deals after the bank's decision.",
        "Oil prices jump after producers agree to cut output. Brent crude rose above 90 "
        "dollars a barrel for the first time since spring.",
        "Retail sales slump as shoppers cut back on spending. Clothing and furniture "
        "stores were hit hardest, official figures show.",
        "Workers at car parts plant vote to strike over pay. The union wants a rise that "
        "matches inflation and says talks have broken down.",
        "Unemployment rises to highest level in four years. Manufacturing and "
        "construction shed jobs as orders dried up.",
        "Brewery family sells business after five generations. The buyer promised to "
        "keep the brand and the workforce.",
        "Housing market cools as prices fall for third month. Estate agents report fewer "
        "viewings and longer waits for buyers.",
        "Farmers warn of poor harvest after dry spring. Wheat yields are expected to be "
        "a fifth lower, pushing up bread prices.",
        "Energy supplier raises tariffs for millions of households. The increase takes "
        "effect next month and adds about 150 euros a year.",
        "Steelmaker posts quarterly loss and suspends dividend. Higher energy costs and "
        "cheap imports squeezed margins.",
        "Pension funds shift billions into bonds. Higher yields have made government "
        "debt attractive again for long-term savers.",
        "How to protect your savings when inflation is high. Fixed-rate accounts now pay "
        "more than they have for a decade.",
        "Chocolate maker raises prices as cocoa costs soar. Poor harvests in West "
        "Africa have tripled the price of beans.",
        "Start-up raises 50 million in funding round led by pension investors. The money "
        "will pay for expansion into three new markets.",
        "Die Zentralbank senkt den Leitzins: Kredite werden günstiger. Sparer müssen sich "
        "auf niedrigere Zinsen einstellen.",
        "Autozulieferer streicht Hunderte Stellen. Die IG Metall kündigt Widerstand an.",
        "La Bourse de Paris recule, plombée par les valeurs bancaires. Le CAC 40 a perdu "
        "1,5 % en séance.",
        "L'inflation ralentit en zone euro, les prix de l'énergie baissent. L'alimentation "
        "reste chère pour les ménages.",
    ),
    "technology": (
        "Smartphone maker unveils phone with week-long battery. The new model also has a "
        "brighter screen and a faster chip.",
        "Hackers steal data of millions of customers from telecom company. Names, phone "
        "numbers and passwords were posted online.",
        "Social network changes its algorithm to show fewer news posts. Publishers fear a "
        "drop in traffic to their websites.",
        "Chipmaker announces new processor built on three-nanometre process. It promises "
        "better performance per watt for laptops.",
        "Review: this budget laptop gets the basics right. The keyboard is excellent, "
        "though the screen is dim outdoors.",
        "Software update fixes security flaw used in attacks. Users are urged to install "
        "it as soon as possible.",
        "AI chatbot can now see and describe images. The company says the feature will "
        "reach all users within weeks.",
        "Ransomware attack shuts down hospital computer systems. Staff went back to pen "
        "and paper while engineers restored backups.",
        "Streaming app outage leaves millions unable to log in. The company blamed a "
        "faulty configuration change on its servers.",
        "Regulator fines tech giant over app store rules. Developers had been barred from "
        "telling users about cheaper offers.",
        "Electric car maker pushes over-the-air update for self-driving feature. Drivers "
        "still have to keep their hands on the wheel.",
        "Broadband rollout reaches rural villages with fibre connections. Speeds of one "
        "gigabit will be available to most homes.",
        "Open-source project releases new version of its database. It adds vector search "
        "and faster replication.",
        "Video game console sells out in hours. Resellers listed the machine online for "
        "twice its retail price.",
        "Cloud provider suffers outage that takes down popular websites. Services were "
        "restored after four hours.",
        "Startup launches satellite internet service for ships. Crews will be able to "
        "video call home from the middle of the ocean.",
        "New programming language promises memory safety without slowdowns. Early "
        "adopters say it is hard to learn.",
        "Wearable tracker can now measure blood oxygen overnight. The watch also warns "
        "users of irregular heart rhythms.",
        "Password manager company admits breach of encrypted vaults. Customers are "
        "advised to change their master passwords.",
        "Search engine puts AI-written answers above its links. Website owners fear "
        "fewer visitors will click through.",
        "Neues Smartphone im Test: starke Kamera, schwacher Akku. Das Display überzeugt "
        "auch bei Sonnenlicht.",
        "Hackerangriff auf Stadtverwaltung: IT-Systeme seit Tagen lahmgelegt. Bürger "
        "können keine Termine buchen.",
        "Intelligence artificielle : un nouveau modèle de langage capable de coder. Les "
        "développeurs testent déjà l'outil.",
        "Cyberattaque : les données de milliers de clients dérobées. L'opérateur "
        "recommande de changer les mots de passe.",
    ),
    "science": (
        "Astronomers spot planet that could hold liquid water. The world orbits a small "
        "red star forty light years away.",
        "Fossil of feathered dinosaur found in quarry. The skeleton is almost complete "
        "and about 125 million years old.",
        "Rocket carries telescope into orbit after two delays. The observatory will "
        "study the earliest galaxies.",
        "Physicists measure the mass of a particle with record precision. The result "
        "agrees with the standard model.",
        "Arctic sea ice reaches second-lowest extent on record. Scientists say the summer "
        "melt season ran unusually long.",
        "Researchers map the brain of a fruit fly neuron by neuron. The wiring diagram "
        "contains more than 130,000 cells.",
        "Ancient DNA reveals how the first farmers spread across Europe. Genomes from "
        "burial sites show mixing with hunter-gatherers.",
        "Space agency picks landing site for moon mission. The crew will touch down near "
        "the south pole where ice lies in craters.",
        "Study finds bees can count up to four. Insects trained with sugar rewards chose "
        "the right number of shapes.",
        "Archaeologists uncover Roman villa under a car park. Mosaics and a bath house "
        "were found during building work.",
        "Climate scientists warn of faster ice loss in Antarctica. Warm water is eating "
        "away glaciers from below.",
        "Comet will be visible to the naked eye next week. Astronomers advise looking low "
        "in the western sky after sunset.",
        "New species of deep-sea fish discovered off the coast. The translucent animal "
        "lives more than 6,000 metres down.",
        "Fusion experiment produces more energy than it consumed. The lasers fired for "
        "a few billionths of a second.",
        "Mars rover finds traces of ancient lake bed. Rocks show layers laid down by "
        "flowing water billions of years ago.",
        "Researchers grow crystals on the space station. Microgravity lets them form "
        "without defects.",
        "Scientists decode the genome of a 1,000-year-old tree. The oak carries genes "
        "that help it resist drought.",
        "Solar eclipse draws crowds of stargazers. Researchers used the moment to study "
        "the sun's outer atmosphere.",
        "Weather satellite launched to track storms. Its instruments will measure "
        "rainfall and wind over the oceans.",
        "Forscher entdecken neuen Exoplaneten in der habitablen Zone. Das Teleskop "
        "beobachtete den Stern über zwei Jahre.",
        "Raumsonde erreicht den Jupiter nach fünf Jahren Flug. Die Wissenschaftler "
        "hoffen auf Bilder der Eismonde.",
        "Des archéologues mettent au jour une nécropole gauloise. Les fouilles ont livré "
        "des bijoux et des armes.",
        "Une sonde spatiale lancée vers un astéroïde. Elle doit en rapporter des "
        "échantillons sur Terre.",
    ),
    "health": (
        "New drug cuts risk of heart attack by a fifth, trial shows. Patients took one "
        "pill a day for three years.",
        "Hospital waiting lists reach record high. More than seven million people are "
        "waiting for planned operations.",
        "Flu season arrives early as cases rise in schools. Doctors urge older people to "
        "get vaccinated now.",
        "Eating more fibre linked to lower risk of bowel cancer, study finds. Whole "
        "grains and pulses showed the strongest effect.",
        "Measles outbreak spreads in city with low vaccination rates. Health officials "
        "opened walk-in clinics at weekends.",
        "Nurses to strike over pay and staffing. Emergency care will continue during the "
        "48-hour walkout.",
        "Sugar tax has cut children's consumption of soft drinks. Researchers compared "
        "shopping data before and after the levy.",
        "Cancer screening programme to start at 45 instead of 50. Experts say earlier "
        "checks will save thousands of lives.",
        "Sleeping fewer than six hours raises blood pressure, researchers say. The effect "
        "was strongest in women.",
        "Mental health services for young people overwhelmed. Teenagers wait months for "
        "a first appointment with a therapist.",
        "Gene therapy restores sight in children with rare eye disease. The treatment is "
        "given once through an injection.",
        "Antibiotic resistance rising, health agency warns. Common infections are "
        "becoming harder to treat.",
        "Doctors warn of heatstroke as temperatures climb. Older people and infants are "
        "most at risk.",
        "Ultra-processed food linked to higher risk of diabetes. The study followed "
        "100,000 adults for ten years.",
        "New vaccine against malaria approved. It will be given to young children in "
        "countries where the disease is common.",
        "GP surgeries struggle to meet demand for appointments. Patients are asked to "
        "phone at eight in the morning.",
        "Blood test could detect several cancers early. The trial found tumours before "
        "symptoms appeared.",
        "Alcohol even in moderation harms the brain, scientists say. Brain scans showed "
        "less grey matter in regular drinkers.",
        "Pollen allergy season starts weeks earlier than usual. Pharmacies report high "
        "demand for antihistamines.",
        "Neue Studie: Regelmäßiger Sport senkt das Risiko für Herzkrankheiten. Schon "
        "zwei Stunden pro Woche helfen.",
        "Grippewelle: Arztpraxen und Kliniken am Limit. Das Gesundheitsamt rät zur Impfung.",
        "Les urgences saturées, les hôpitaux lancent un appel à l'aide. Les soignants "
        "dénoncent le manque de lits.",
        "Vaccination contre la grippe : la campagne démarre en pharmacie. Les plus de 65 "
        "ans sont prioritaires.",
    ),
    "sports": (
        "Late penalty earns draw in derby. The home side equalised in the fifth minute of "
        "stoppage time.",
        "Champion retains title after five-set final. She saved two match points in the "
        "fourth set.",
        "Club sacks manager after run of six defeats. The assistant coach takes charge "
        "for the weekend's match.",
        "Sprinter breaks national record in 100 metres. He crossed the line in 9.91 "
        "seconds at the championships.",
        "Cyclist wins mountain stage and takes the yellow jersey. He attacked on the "
        "final climb and rode alone to the summit.",
        "Striker signs four-year contract in record transfer. The fee could rise with "
        "bonuses to 90 million.",
        "National team qualifies for the World Cup with a game to spare. The captain "
        "scored twice in a 3-0 win.",
        "Grand Prix: pole position for the home driver. Rain is forecast for Sunday's race.",
        "Marathon runner sets course record in heat. Thousands of amateurs finished "
        "behind her on the city streets.",
        "Rugby side names squad for autumn internationals. Two uncapped forwards are included.",
        "Basketball team reaches the finals for the first time in twenty years. The "
        "point guard scored 34 points.",
        "Goalkeeper's mistake hands rivals the league title. Fans left the stadium in silence.",
        "Olympic swimmer retires after three gold medals. She said she wanted to spend "
        "more time with her family.",
        "Cricket: batting collapse leaves hosts facing defeat. Six wickets fell for 40 "
        "runs after lunch.",
        "Ski racer wins downhill on home slope. The crowd cheered as she beat the "
        "favourite by a tenth of a second.",
        "Promoted side stun leaders with away win. The winning goal came from a corner "
        "in the second half.",
        "Boxer defends world title with knockout in the eighth round. The challenger "
        "was down twice before the referee stopped it.",
        "Golf: rookie leads after first round of the open. He shot a 65 in calm conditions.",
        "Ice hockey playoffs: overtime winner sends team to semifinal. The series went "
        "to a seventh game.",
        "Bayern gewinnt das Spitzenspiel, Dortmund verliert den Anschluss. Der Trainer "
        "lobt die Moral der Mannschaft.",
        "Bundesliga: Aufsteiger sorgt für Überraschung gegen den Meister. Das Siegtor "
        "fiel in der Nachspielzeit.",
        "Ligue 1 : le PSG s'impose et prend la tête du championnat. L'attaquant a "
        "inscrit un doublé.",
        "Tour de France : victoire d'étape pour un coureur français. Le maillot jaune "
        "change d'épaules.",
        "El Real Madrid gana el clásico y se coloca líder de la Liga. El delantero marcó "
        "de cabeza.",
    ),
    "entertainment": (
        "Blockbuster sequel tops the box office on its opening weekend. The film took "
        "more than 100 million worldwide.",
        "Singer announces world tour after five years away. Tickets go on sale on Friday.",
        "Award-winning actor to star in stage revival. The play opens in the West End next spring.",
        "Film festival opens with drama about a family farm. The director walked the red "
        "carpet with her cast.",
        "Review: the new crime series is gripping from the first episode. The lead "
        "actress is superb as a weary detective.",
        "Band reunites for one-off concert at stadium. The show sold out in twenty minutes.",
        "Novelist wins literary prize for debut book. The judges praised its humour and "
        "its portrait of a small town.",
        "Exhibition of early photography opens at city gallery. Prints from the 1850s "
        "are on show for the first time.",
        "Streaming service renews hit fantasy show for a fourth season. Filming will "
        "begin in the autumn.",
        "Pop star tops the charts for tenth week. Her album is the best-selling of the "
        "year so far.",
        "Music festival line-up announced with three headliners. Organisers expect "
        "80,000 fans over the weekend.",
        "Celebrity couple announce their engagement. The pair met on the set of a romantic comedy.",
        "Opera house stages new production of a Verdi classic. Critics praised the young soprano.",
        "Veteran comedian returns to television with new talk show. The first guest "
        "was a former bandmate.",
        "Art gallery buys lost painting at auction. The work had been in a private "
        "collection for a century.",
        "Oscar nominations: period drama leads with eleven. Two first-time directors "
        "were nominated.",
        "Circus returns to the park with acrobats and clowns. Families filled the big "
        "top for the opening show.",
        "Video of dancing grandmother goes viral. Millions watched her routine at a wedding.",
        "Documentary about jazz legend premieres. The film uses archive recordings never "
        "heard before.",
        "Theatre company celebrates 50 years with a season of premieres. Tickets for the "
        "opening night are already gone.",
        "Neuer Kinofilm bricht Besucherrekord. Die Komödie lockte am ersten Wochenende "
        "eine Million Zuschauer.",
        "Konzert im Stadtpark: Tausende feiern mit der Band. Das Festival geht am Sonntag zu Ende.",
        "Le festival de Cannes dévoile sa sélection officielle. Plusieurs premiers films "
        "sont en compétition.",
        "Exposition : une rétrospective consacrée au peintre attire les foules. Plus de "
        "deux cents toiles sont réunies.",
    ),
    "lifestyle": (
        "Ten easy dinners you can cook in twenty minutes. Pasta, stir fries and a "
        "traybake that needs only one pan.",
        "How to keep your houseplants alive through winter. Water less, move them to the "
        "light and watch for draughts.",
        "The best beaches for a quiet summer holiday. Our writers pick coves away from the crowds.",
        "Why more couples are choosing small weddings. Guests, costs and stress all go down.",
        "Autumn fashion: the coats worth buying this year. Long wool, bold colours and "
        "a return of the trench.",
        "A weekend in the old town: where to eat, sleep and walk. Local cafés and a "
        "market that opens at dawn.",
        "How to talk to your teenager about money. Start early and let them make small mistakes.",
        "Gardening: what to plant in September. Bulbs, winter salads and hardy herbs.",
        "Your questions answered: can my landlord raise the rent mid-contract? A housing "
        "adviser explains your rights.",
        "Recipe: a simple plum cake for late summer. Ripe fruit and brown butter do most "
        "of the work.",
        "The rise of the four-day walking holiday. Luggage goes ahead by van while "
        "walkers follow the coast path.",
        "Decluttering your home one drawer at a time. Small steps are easier to keep up "
        "than a weekend purge.",
        "Coffee at home: how to get café results without a machine. A hand grinder and "
        "fresh beans matter most.",
        "How to choose a family dog. Breed, size and how much time you have for walks.",
        "Travel: the quiet mountain villages worth the detour. Hiking trails, family "
        "guesthouses and long lunches on the terrace.",
        "Dating after fifty: what readers told us. Apps, clubs and meeting through friends.",
        "Skincare routines that do not cost a fortune. Dermatologists say sunscreen matters most.",
        "Weekend markets: where to find the best local produce. Cheese, honey and "
        "vegetables straight from the farm.",
        "Packing light: how to travel for a week with one small bag. Roll your clothes "
        "and leave the third pair of shoes at home.",
        "Renovating an old house: lessons from readers. Budget for surprises and check "
        "the roof first.",
        "Rezept: Apfelkuchen wie bei Oma. Mit Zimt, Streuseln und einer Prise Salz.",
        "Urlaub an der Ostsee: Die schönsten Strände abseits der Massen. Tipps für "
        "Familien und Radfahrer.",
        "Recette : une tarte aux pommes simple et rapide. Il suffit de quatre ingrédients.",
        "Déco : comment aménager un petit balcon. Plantes, lumières et mobilier pliable.",
    ),
    "opinion": (
        "We must stop pretending the housing crisis will solve itself. Build more homes, "
        "and build them where people want to live.",
        "The government has lost the argument on schools. Parents deserve honesty, not slogans.",
        "Why I changed my mind about nuclear power. The climate cannot wait for perfect solutions.",
        "Editorial: The council owes residents an apology. Its handling of the flood "
        "warnings was a failure of leadership.",
        "Letters: readers respond to our series on school meals. Some want them free "
        "for all, others fear the cost.",
        "Our cities need fewer cars, not wider roads. Every new lane fills up within a year.",
        "The real lesson of the election is that voters feel ignored. Parties should "
        "listen before they campaign.",
        "Commentary: Tax cuts now would be reckless. The deficit is already too large.",
        "It is time to pay teachers what they are worth. No reform works without people "
        "willing to do the job.",
        "I was wrong about working from home. Here is what I learned after two years.",
        "Social media bans for children will not work. Parents and schools need better "
        "tools instead.",
        "The case against the new stadium. Public money should go to parks and pools, "
        "not to a football club.",
        "Column: In praise of the humble bus. It deserves more respect than it gets.",
        "This trade deal is a bad bargain for farmers. They will be undercut by cheaper imports.",
        "Let's be honest about what the energy transition will cost. Pretending it is "
        "free undermines support.",
        "The view: Why the central bank should pause. Raising rates again would hurt "
        "households for little gain.",
        "Guest essay: Exams at sixteen have outlived their purpose. Pupils learn to pass "
        "tests rather than to think.",
        "Opinion: The referee decides too much in modern football. Video replays have "
        "made it worse, not better.",
        "Kommentar: Die Regierung verspielt ihr Vertrauen. Wer Reformen verspricht, muss "
        "sie auch umsetzen.",
        "Leitartikel: Die Stadt braucht mehr Mut beim Klimaschutz. Halbe Sachen helfen niemandem.",
        "Éditorial : la démocratie mérite mieux que ce spectacle. Les responsables "
        "politiques doivent se ressaisir.",
        "Tribune : « L'école doit redevenir une priorité ». Sans enseignants bien payés, "
        "aucune réforme ne tiendra.",
        "Opinión: la vivienda es un derecho, no un negocio. Los alquileres se han vuelto "
        "imposibles.",
    ),
}
