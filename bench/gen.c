/*
 * bench/gen.c: fill an initialised Tillit database with a large, made-up
 * Swedish municipality ("Storköpings kommun") for the benchmarks in
 * bench/run.sh.
 *
 *   bench/gen --db FILE [--scale N]
 *
 * At scale 1: about 600 units in a tree (nämnder, förvaltningar,
 * avdelningar, enheter, bolag), 50,000 people, 2,000 processes, 20,000
 * information assets, 5,000 systems, 400 suppliers, 1,200 agreements, a few
 * hundred role assignments and accounts, and exactly 200,000 audit entries:
 * one "create" per record and then "update"s (and some logins) that really
 * change the records, with the same diffs record.c writes, so that
 * `tillit audit verify` passes. --scale multiplies every count (0.01 for a
 * quick try).
 *
 * Then, on the inventory as the history left it, the information
 * classification (each with its own "create" in the audit trail): a decided
 * classification of every information asset (some reclassified, some with
 * a new draft; about a quarter decided more than a year ago, so due for
 * review), a few hundred decisions raising a system (the shared platforms
 * among them), action-plan items for the running systems (for most of
 * them a share of the requirements their levels make apply, with a mix of
 * assessments, responsible people and due dates; a few requirements the
 * shared platform fulfils for all), the Statement of Applicability filled
 * in (a few Annex A controls excluded, two without a justification) and a
 * dozen evidence files (made-up PDFs, stored with store_evidence_add).
 *
 * Last, risk analysis on the method `tillit init` seeds: an analysis of
 * about 70 % of the running systems, about one per unit, two each of the
 * shared IT environment and the IT infrastructure (analysed within the last
 * four years, most decided), exactly 100,000 risks over them (levels mostly
 * in the middle of the scales, value and band as the method gives them,
 * treatments, residual risk on about half, some accepted) and exactly
 * 200,000 measures over the risks (owners, due dates from two years ago to
 * two years ahead, a mix of statuses, links to requirements and controls).
 *
 * Then incidents over five years (issue 13) and, for the governance cycle
 * (issue 14), 300 governing documents with their versions and about
 * 50,000 people asked to read them (three in five confirming), 2,000
 * training sessions of 50 attendees (100,000 attendances) over twelve
 * courses, and 5,000 access reviews with 500,000 accounts among them
 * (most campaigns completed with every account decided, the year's
 * partly open with undecided accounts; removals and changes of completed
 * ones as measures).
 *
 * Records go in through store_insert/store_update (the sqlite3 shell cannot
 * write these tables: their indexes use the "sv" collation the store
 * registers), in transactions of BATCH operations. Everything is drawn from
 * one fixed seed, so two runs give the same data; only the timestamps (and
 * which agreements have ended, counted from today) differ.
 *
 * Writing through the store directly bypasses record.c, so the derived
 * rows (gaps, SoA coverage, risk picture, joint action plan: see
 * docs/internals/derived.md) are not kept while gen runs. What gen reads
 * back to draw from (the systems, their classification, the requirements)
 * comes from the records themselves (view_load), and at the end gen
 * rebuilds the derived rows with derived_rebuild(), as `tillit gaps
 * rebuild` does, timed, and prints the open gaps by kind.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/classify.h"
#include "core/date.h"
#include "core/document.h"
#include "core/evidence.h"
#include "core/gaps.h"
#include "model/account.h"
#include "model/classify.h"
#include "model/derived.h"
#include "model/entity.h"
#include "model/risk.h"
#include "store/derived.h"
#include "store/documents.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/json.h"
#include "core/deadline.h"

#define BATCH 5000
#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

/* ---- deterministic randomness ----------------------------------------- */

static uint64_t rng = 0x7111175eedULL;

static uint64_t rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static long long rint_in(long long lo, long long hi)
{
	return lo + (long long)(rnd() % (uint64_t)(hi - lo + 1));
}

static double rfrac(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

static int chance(double p)
{
	return rfrac() < p;
}

#define PICK(arr) ((arr)[rnd() % NELEM(arr)])

/* ---- names ------------------------------------------------------------ */

static const char *const first_names[] = {
	"Anna", "Eva", "Maria", "Karin", "Sara", "Christina", "Lena", "Emma", "Kerstin", "Marie",
	"Malin", "Ingrid", "Linda", "Jenny", "Sofia", "Annika", "Hanna", "Susanne", "Elin", "Helena",
	"Monica", "Johanna", "Ulla", "Camilla", "Birgitta", "Åsa", "Inger", "Anneli", "Ida", "Therese",
	"Elisabeth", "Ebba", "Matilda", "Frida", "Amanda", "Julia", "Alice", "Maja", "Agnes", "Fatima",
	"Anna-Karin", "Ylva", "Gunilla", "Märta", "Sanna", "Åsa-Lena", "Leila", "Amira", "Noor", "Jessica",
	"Lars", "Mikael", "Anders", "Johan", "Erik", "Per", "Karl", "Peter", "Jan", "Thomas",
	"Daniel", "Fredrik", "Hans", "Andreas", "Stefan", "Mats", "Magnus", "Mattias", "Jonas", "Niklas",
	"Marcus", "Björn", "Oskar", "Henrik", "Martin", "Sven", "Göran", "Håkan", "Ulf", "Bengt",
	"Emil", "Gustav", "Viktor", "Alexander", "Simon", "Linus", "Axel", "Olof", "Åke", "Örjan",
	"Mohammed", "Ali", "Ahmed", "Omar", "Kjell", "Torbjörn", "Rickard", "Kristoffer", "Jörgen", "Pär",
};

static const char *const last_names[] = {
	"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
	"Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson",
	"Lindberg", "Jakobsson", "Magnusson", "Lindström", "Olofsson", "Lindqvist", "Lindgren", "Berg",
	"Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund",
	"Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Ali", "Engström",
	"Mohammed", "Eklund", "Danielsson", "Lundin", "Håkansson", "Björk", "Bergman", "Gunnarsson",
	"Holm", "Wikström", "Samuelsson", "Isaksson", "Fransson", "Bergqvist", "Nyström", "Holmberg",
	"Arvidsson", "Löfgren", "Söderberg", "Nyberg", "Blomqvist", "Claesson", "Nordström", "Hassan",
	"Mårtensson", "Lundström", "Viklund", "Björklund", "Eliasson", "Pålsson", "Berggren", "Sandström",
	"Lund", "Nordin", "Ström", "Åberg", "Hermansson", "Ekström", "Holmgren", "Sundberg",
	"Hedlund", "Dahlberg", "Hellström", "Sjögren", "Abrahamsson", "Falk", "Martinsson", "Öberg",
	"Andreasson", "Strömberg", "Månsson", "Åkesson", "Hansen", "Jensen", "Nieminen", "Yilmaz",
	"Korhonen", "Ibrahim", "Warsame", "Novak",
};

static const char *const places[] = {
	"Norrby", "Söderby", "Österäng", "Ekbacken", "Björkhaga", "Lindåsen", "Tallbacken", "Granbo",
	"Ängby", "Åsen", "Bergsjö", "Dalby", "Eriksberg", "Furulund", "Gläntan", "Hagaberg",
	"Igelsta", "Jakobsberg", "Kvarnby", "Lugnet", "Myrviken", "Nydala", "Ormesta", "Prästgården",
	"Rosendal", "Sjöhaga", "Tornby", "Ulvsunda", "Vallby", "Ymsen", "Åkerby", "Ängsvik",
	"Ödeby", "Backa", "Centrum", "Fjällbo", "Gårda", "Hjalmarsberg", "Kastellet", "Lövgärdet",
	"Mölnbo", "Nolhaga", "Parkgården", "Rödeby", "Solhem", "Tegelviken", "Valsta", "Vikinga",
	"Ekhagen", "Strand", "Kyrkbyn", "Stationsområdet", "Hammarby", "Lillängen", "Skogsbacken", "Storängen",
	"Väster", "Öster", "Söder", "Norr",
};

/* ---- the municipality's areas of work --------------------------------- */

struct area {
	const char *committee, *administration;
	int weight; /* share of the employees */
	const char *departments[8];
	const char *sections[4]; /* printf formats taking a place name */
	const char *titles[8];
	const char *processes[12]; /* '*' first: essential (samhällsviktig) */
	const char *assets[12];
	const char *products[14];
};

static const struct area areas[] = {
	{ "Kommunstyrelsen", "Kommunledningsförvaltningen", 6,
	  { "Ekonomiavdelningen", "HR-avdelningen", "IT-avdelningen", "Kommunikationsavdelningen",
	    "Kansliavdelningen", "Upphandlingsavdelningen", "Säkerhetsavdelningen", "Digitaliseringsavdelningen" },
	  { "Servicedesk %s", "Kontaktcenter %s", "Lönecenter %s", "Drift och nätverk %s" },
	  { "Ekonom", "Lönespecialist", "HR-konsult", "IT-tekniker", "Systemförvaltare", "Kommunikatör",
	    "Registrator", "Upphandlare" },
	  { "Budgetprocess", "Löneutbetalning", "Rekrytering", "Fakturahantering", "Upphandling",
	    "Diarieföring", "Arkivering", "IT-support", "*Krisledning", "Nämndadministration",
	    "Medborgarservice", "*Kriskommunikation" },
	  { "Personalakter", "Löneunderlag", "Leverantörsfakturor", "Budgetunderlag", "Diarium",
	    "Upphandlingsdokument", "Anställningsavtal", "Sjukfrånvarouppgifter", "Behörighetsregister",
	    "Systemloggar", "Nämndprotokoll", "Krisledningsplaner" },
	  { "Visma Lön", "Heroma", "Raindance", "Unit4 ERP", "Public 360", "Platina", "Ciceron",
	    "Stratsys", "Hypergene", "TopDesk", "Sitevision", "Tendsign", "Proceedo", "Microsoft 365" } },
	{ "Barn- och utbildningsnämnden", "Barn- och utbildningsförvaltningen", 24,
	  { "Förskoleavdelningen", "Grundskoleavdelningen", "Elevhälsan", "Fritidshemsavdelningen",
	    "Grundsärskolan", "Utvecklingsavdelningen", NULL, NULL },
	  { "Förskolan %s", "%sskolan", "Fritidshemmet %s", "Elevhälsan %s" },
	  { "Förskollärare", "Barnskötare", "Lärare", "Rektor", "Skolsköterska", "Kurator",
	    "Elevassistent", "Fritidspedagog" },
	  { "Placering i förskola", "Undervisning", "Betygssättning", "*Elevhälsoarbete", "Skolskjuts",
	    "Frånvarohantering", "Särskilt stöd", "Antagning till grundskola", "Utvecklingssamtal",
	    "Kränkningsutredning", "*Skolmåltider", "Modersmålsundervisning" },
	  { "Elevakter", "Betyg", "Elevhälsojournaler", "Frånvarouppgifter", "Åtgärdsprogram",
	    "Placeringsbeslut", "Skolskjutsbeslut", "Kunskapsomdömen", "Kränkningsanmälningar",
	    "Vårdnadshavaruppgifter", "Scheman", "Specialkostintyg" },
	  { "Procapita BoU", "Tieto Edu", "IST Extens", "Unikum", "Schoolsoft", "Skola24", "Vklass",
	    "InfoMentor", "Google Workspace", "Skolon", "Novaschem", "PMO", "Tempus", "Dexter" } },
	{ "Socialnämnden", "Socialförvaltningen", 12,
	  { "Individ- och familjeomsorgen", "Försörjningsstödsenheten", "Barn och unga",
	    "Missbruk och beroende", "Familjerätten", "Mottagningsenheten", NULL, NULL },
	  { "Utredningsgrupp %s", "Familjebehandling %s", "Stödboende %s", "Mottagning %s" },
	  { "Socialsekreterare", "Handläggare", "Familjebehandlare", "Biståndshandläggare",
	    "Administratör", "Boendestödjare", "Familjerättssekreterare", "Behandlingsassistent" },
	  { "*Utredning av barn och unga", "*Handläggning av försörjningsstöd",
	    "*Utbetalning av försörjningsstöd", "Familjerättsärenden", "*Socialjour",
	    "*Mottagning av orosanmälningar", "Placering i familjehem", "*Skyddat boende",
	    "Missbruksvård", "Budget- och skuldrådgivning", "Faderskapsutredning", "Boendestöd" },
	  { "Personakter", "Utredningar enligt SoL", "Orosanmälningar", "Utbetalningsunderlag",
	    "Journalanteckningar", "Beslut enligt LVU", "Familjehemsuppgifter",
	    "Skyddade personuppgifter", "Vårdnadsutredningar", "Ansökningar om ekonomiskt bistånd",
	    "Genomförandeplaner IFO", "Placeringsavtal" },
	  { "Procapita IFO", "Lifecare IFO", "Treserva", "Viva", "Combine", "SSBTEK", "Vodok",
	    "Digitalt försörjningsstöd", "Familjehemsbanken", "Sociala kontaktregistret", NULL } },
	{ "Vård- och omsorgsnämnden", "Vård- och omsorgsförvaltningen", 28,
	  { "Hemtjänsten", "Särskilda boenden", "LSS-avdelningen", "Hälso- och sjukvårdsavdelningen",
	    "Biståndsenheten", "Dagverksamheten", NULL, NULL },
	  { "Hemtjänst %s", "Äldreboendet %s", "Gruppbostad %s", "Daglig verksamhet %s" },
	  { "Undersköterska", "Sjuksköterska", "Vårdbiträde", "Arbetsterapeut", "Fysioterapeut",
	    "Biståndshandläggare", "Stödassistent", "Personlig assistent" },
	  { "*Hemtjänstinsatser", "*Trygghetslarm", "*Läkemedelshantering", "Biståndsbedömning",
	    "*Nattpatrull", "*Matdistribution", "Planering av insatser", "Avvikelsehantering",
	    "Hjälpmedelsförskrivning", "Korttidsplacering", "Ledsagarservice", "Färdtjänstutredning" },
	  { "Omvårdnadsjournaler", "Läkemedelslistor", "Genomförandeplaner", "Larmloggar",
	    "Biståndsbeslut", "Avvikelserapporter", "Personalscheman", "Nyckelförteckningar",
	    "Hälsojournaler", "Hjälpmedelsregister", "Insatsplaner LSS", "Fallriskbedömningar" },
	  { "Lifecare VoO", "Procapita VoO", "Phoniro", "Tes", "Tiempo", "Alfa eCare", "TeleCare IP",
	    "Medvind", "Appva MCSS", "NPÖ", "Pascal", "Sesam", "Webcare", "Sciensus" } },
	{ "Kultur- och fritidsnämnden", "Kultur- och fritidsförvaltningen", 4,
	  { "Biblioteksavdelningen", "Fritidsgårdarna", "Idrott och anläggningar", "Kulturskolan",
	    "Kulturavdelningen", NULL, NULL, NULL },
	  { "Biblioteket %s", "Fritidsgården %s", "Idrottshallen %s", "Badhuset %s" },
	  { "Bibliotekarie", "Fritidsledare", "Musiklärare", "Anläggningsskötare", "Kulturutvecklare",
	    "Badmästare", "Bibliotekspersonal", "Kulturskolelärare" },
	  { "Utlåning av media", "Bokning av lokaler", "Föreningsbidrag", "Kulturskoleundervisning",
	    "Evenemang", "Lovaktiviteter", "Badverksamhet", "Konstinköp", NULL },
	  { "Låntagarregister", "Lokalbokningar", "Bidragsansökningar", "Elevregister kulturskolan",
	    "Föreningsregister", "Konstregister", "Besöksstatistik", NULL },
	  { "Quria", "Interbook Go", "Speedadmin", "FRI bokning", "Rbok", "Axiell", "Kassasystem Bad",
	    "Bokningsportal", NULL } },
	{ "Miljö- och byggnadsnämnden", "Samhällsbyggnadsförvaltningen", 4,
	  { "Bygglovsavdelningen", "Miljö- och hälsoskyddsavdelningen", "Livsmedelskontrollen",
	    "Planavdelningen", "Lantmäteriavdelningen", "GIS-enheten", NULL, NULL },
	  { "Bygglovsgrupp %s", "Inspektion %s", "Planteam %s", "Kartteam %s" },
	  { "Bygglovshandläggare", "Miljöinspektör", "Livsmedelsinspektör", "Planarkitekt",
	    "GIS-ingenjör", "Lantmätare", "Byggnadsinspektör", "Handläggare" },
	  { "Bygglovshandläggning", "Tillsyn av livsmedel", "Miljötillsyn", "Detaljplanering",
	    "Adressättning", "Nybyggnadskartor", "Förrättningar", "Klagomålshantering",
	    "Strandskyddsdispenser", NULL },
	  { "Bygglovsärenden", "Ritningar", "Tillsynsrapporter", "Detaljplaner", "Kartdata",
	    "Fastighetsuppgifter", "Klagomål miljö", "Adressregister", "Förrättningsakter", NULL },
	  { "ByggR", "Ecos", "Castor", "Geosecma", "ArcGIS", "Trimble Locus", "Topocad",
	    "Mitt bygge", "Lantmäteriets tjänster", NULL } },
	{ "Tekniska nämnden", "Tekniska förvaltningen", 12,
	  { "Vatten och avlopp", "Gata och park", "Fastighetsavdelningen", "Avfallsavdelningen",
	    "Kost och lokalvård", "Fordonsenheten", NULL, NULL },
	  { "Vattenverket %s", "Driftområde %s", "Fastighetsdrift %s", "Köket %s" },
	  { "Drifttekniker", "VA-ingenjör", "Fastighetsförvaltare", "Kock", "Lokalvårdare",
	    "Maskinförare", "Gatuingenjör", "Elektriker" },
	  { "*Dricksvattenförsörjning", "*Avloppsrening", "*Snöröjning", "Fastighetsdrift",
	    "*Avfallshantering", "*Skolmåltider", "Lokalvård", "Felanmälan", "*Fjärrvärme",
	    "Parkskötsel", "Fordonsförvaltning", "Energiuppföljning" },
	  { "Driftdata vattenverk", "Larmlistor", "Ledningskartor", "Fastighetsregister", "Kundregister VA",
	    "Mätarställningar", "Driftinstruktioner", "Styrsystemskonfiguration", "Menyer och recept",
	    "Felanmälningar", "Energidata", "Nyckelregister" },
	  { "Citect SCADA", "Abilia", "EcoStruxure", "Desigo", "Momentum", "Vitec Fastighet", "DigIT",
	    "Infrakulla", "Mashie", "Aiai", "EDP Future", "Tekis", "Elvaco", "Kostdata" } },
	{ "Räddningsnämnden", "Räddningstjänsten", 3,
	  { "Operativa avdelningen", "Förebyggandeavdelningen", "Larm och ledning", NULL },
	  { "Brandstation %s", "Räddningsvärn %s", "Insatsstyrka %s", "Tillsynsgrupp %s" },
	  { "Brandman", "Insatsledare", "Brandinspektör", "Styrkeledare", "Räddningschef i beredskap",
	    NULL },
	  { "*Räddningsinsats", "Tillsyn enligt LSO", "*Larmmottagning", "Sotning och brandskyddskontroll",
	    "*Ledning vid stora olyckor", "Utbildning i brandskydd", NULL },
	  { "Insatsrapporter", "Tillsynsprotokoll", "Objektsdata", "Larmplaner", "Sotningsregister",
	    "Händelseloggar", NULL },
	  { "Daedalos", "Rapp", "Coordcom", "Rakel", "Brandweb", "Zenit", NULL } },
	{ "Arbetsmarknadsnämnden", "Arbetsmarknads- och vuxenutbildningsförvaltningen", 4,
	  { "Vuxenutbildningen", "Arbetsmarknadsenheten", "Integrationsenheten", "SFI", NULL },
	  { "Komvux %s", "Jobbcenter %s", "Lärcentrum %s", "Praktiksamordning %s" },
	  { "Lärare", "Studie- och yrkesvägledare", "Jobbcoach", "Handledare", "Integrationssamordnare",
	    NULL },
	  { "Antagning till vuxenutbildning", "Arbetsmarknadsinsatser", "Mottagning av nyanlända",
	    "Praktikanvisning", "Betygssättning vuxenutbildning", NULL },
	  { "Elevregister vuxenutbildning", "Deltagarakter", "Praktikavtal", "Betyg vuxenutbildning",
	    "Handlingsplaner", NULL },
	  { "Alvis", "Hypernet", "Nova", "Learnpoint", "Lexia", NULL } },
	{ "Gymnasienämnden", "Gymnasieförvaltningen", 3,
	  { "Storköpings gymnasium", "Gymnasiesärskolan", "Introduktionsprogrammen", NULL },
	  { "Gymnasiet %s", "Programlag %s", "Elevhälsan gymnasiet %s", "Lärlingscentrum %s" },
	  { "Gymnasielärare", "Rektor", "Skolsköterska", "Studie- och yrkesvägledare", "Kurator", NULL },
	  { "Antagning till gymnasiet", "Undervisning gymnasiet", "Betygssättning gymnasiet",
	    "*Elevhälsoarbete gymnasiet", "Studiebidragsrapportering", NULL },
	  { "Elevakter gymnasiet", "Betyg gymnasiet", "Antagningsbeslut", "CSN-rapporter", NULL },
	  { "Indra", "Dexter Gymnasium", "Skola24 Gymnasium", "Moodle", NULL } },
	{ "Överförmyndarnämnden", "Överförmyndarkansliet", 1,
	  { "Överförmyndarenheten", NULL },
	  { "Granskning %s", NULL, NULL, NULL },
	  { "Handläggare", "Granskare", NULL },
	  { "Granskning av årsräkningar", "Rekrytering av gode män", NULL },
	  { "Huvudmannaakter", "Årsräkningar", "Ställföreträdarregister", NULL },
	  { "Wärna", "Provisum", NULL } },
	{ "Valnämnden", "Valkansliet", 1,
	  { "Valenheten", NULL },
	  { "Valdistrikt %s", NULL, NULL, NULL },
	  { "Valsamordnare", "Handläggare", NULL },
	  { "*Genomförande av val", "Rekrytering av röstmottagare", NULL },
	  { "Röstlängder", "Röstmottagarregister", NULL },
	  { "Valadm", NULL } },
};

static const char *const companies[] = {
	"Storköpings Bostäder AB", "Storköping Energi AB", "Storköpings Vatten AB",
	"Storköpings Stadsnät AB", "Storköpings Hamn AB", "Storköpings Industrifastigheter AB",
	"Storköpings Parkering AB", "Destination Storköping AB",
};
static const char *const company_sections[] = { "Förvaltning", "Kundservice", "Drift", "Ekonomi",
						 "Projekt" };
static const char *const company_titles[] = { "Förvaltare", "Kundtjänstmedarbetare", "Drifttekniker",
					       "Ekonom", "Projektledare", "Fastighetsskötare" };
static const char *const company_products[] = { "Vitec Hyra", "Momentum Fastighet", "Kundportal",
						 "Mätinsamlingssystem", "Netadmin", "Hamnadministration",
						 "Parkeringssystem", "Bokningsmotor", "Energiportal" };

/* Shared by everyone: created first, in the IT department. */
static const char *const platform_systems[] = {
	"Active Directory", "Microsoft Entra ID", "Microsoft 365", "Exchange Online", "Teams",
	"Serverplattform VMware", "Säkerhetskopiering Veeam", "Brandvägg", "Stadsnätet",
	"Trådlöst nätverk", "Utskriftsplattform", "Integrationsplattform", "E-legitimation",
	"E-tjänsteplattform", "Intranät", "Webbplats storkoping.se", "Mobilhantering Intune",
	"Lösenordsåterställning", "Filserver", "Databasplattform SQL Server", "Loggserver",
	"Övervakning Zabbix", "Telefoniplattform", "Ärendehantering IT", "Behörighetssystem",
	"Signeringstjänst", "E-arkiv", "Dokumenthantering", "Växel", "Videomöten",
};

static const char *const generic_systems[] = {
	"Passersystem", "Inbrottslarm", "Kameraövervakning", "Fastighetsautomation", "Styrsystem",
	"Bokningssystem", "Kassasystem", "Schemaläggning", "Informationsskärmar", "Brandlarm",
	"Ventilationsstyrning", "Elmätning",
};

static const char *const supplier_names[] = {
	"Tietoevry Sverige AB", "Visma Enterprise AB", "CGI Sverige AB", "Atea Sverige AB",
	"Microsoft AB", "Evry Sverige AB", "Sogeti Sverige AB", "Formpipe Software AB",
	"Netcompany Sweden AB", "Pulsen Omsorg AB", "Lifecare Sverige AB", "IST Sverige AB",
	"Unikum Datorsystem AB", "Sokigo AB", "Tekis AB", "Vitec Software Group AB",
	"Dedu AB", "Schneider Electric Sverige AB", "Siemens AB", "Phoniro Systems AB",
	"Tunstall Nordic AB", "Addo AB", "Hypergene AB", "Stratsys AB", "Sitevision AB",
	"Axiell Sverige AB", "Quria AB", "Esri Sverige AB", "Trimble AB", "Google Sweden AB",
	"Telia Sverige AB", "Tele2 Sverige AB", "Dustin Sverige AB", "Advania Sverige AB",
	"Inera AB", "Adda Inköpscentral AB", "Combine Control Systems AB", "Abou AB",
	"Skolon AB", "Schoolsoft AB", "Infomentor AB", "Novaschem AB", "Medvind AB",
	"Appva AB", "Sensative AB", "Elvaco AB", "Aiai AB", "Mashie AB", "Speedadmin AB",
	"Daedalos AB", "Lexia AB", "Learnpoint AB", "Provisum AB", "Wärna Systems AB",
};
static const char *const supplier_words1[] = { "Nordisk", "Svensk", "Mälardalens", "Norrlands",
						"Västra", "Skandinavisk", "Smart", "Kommunal",
						"Digital", "Trygg", "Klar", "Stabil" };
static const char *const supplier_words2[] = { "Data", "IT", "System", "Säkerhet", "Konsult",
						"Drift", "Teknik", "Information", "Kommunikation",
						"Larm", "Fastighetsteknik", "Programvara" };

static const char *const legal_bases[] = {
	"OSL 21 kap. 1 §", "OSL 23 kap. 2 §", "OSL 26 kap. 1 §", "OSL 25 kap. 1 §",
	"OSL 18 kap. 8 §", "OSL 19 kap. 3 §", "OSL 39 kap. 3 §", "Offentlig handling",
	"GDPR art. 6.1 e", "GDPR art. 9.2 h", "SoL 12 kap.", "Skollagen 26 kap.",
};

static const char *const fillers[] = {
	"Uppgifterna hanteras enligt verksamhetens dokumenthanteringsplan.",
	"Gallras efter två år om inget annat beslutas.",
	"Bevaras för all framtid och levereras till e-arkivet.",
	"Delas med regionen via säker förbindelse.",
	"Åtkomst styrs av behörighetsprofiler per enhet.",
	"Ses över vid den årliga informationsklassningen.",
	"Nås även från mobila enheter i hemtjänsten.",
	"Stöd för handläggning, uppföljning och statistik.",
	"Kritiskt under vinterhalvåret och vid störningar.",
	"Leverantören sköter drift och säkerhetskopiering.",
};

/* ---- helpers ---------------------------------------------------------- */

struct list {
	long long *v;
	size_t n, cap;
};

static void push(struct list *l, long long x)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v)
			abort();
	}
	l->v[l->n++] = x;
}

static long long pick_from(const struct list *l)
{
	return l->n ? l->v[rnd() % l->n] : 0;
}

static size_t count_nonnull(const char *const *arr, size_t max)
{
	size_t n = 0;
	while (n < max && arr[n])
		n++;
	return n;
}

#define PICK_NN(arr) ((arr)[rnd() % count_nonnull((arr), NELEM(arr))])

/* "Elevakter" -> "elevakter", also for Å, Ä, Ö at the start. */
static const char *lc_first(struct arena *a, const char *s)
{
	char *c = arena_strdup(a, s);
	if (c[0] >= 'A' && c[0] <= 'Z')
		c[0] = (char)(c[0] - 'A' + 'a');
	else if ((unsigned char)c[0] == 0xc3 && (unsigned char)c[1] >= 0x80 && (unsigned char)c[1] <= 0x9e)
		c[1] = (char)(c[1] + 0x20);
	return c;
}

/* ASCII for e-mail addresses: lower case, å/ä -> a, ö -> o, é -> e. */
static void mail_part(char *out, size_t size, const char *s)
{
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && k + 1 < size; p++) {
		if (*p == 0xc3 && p[1]) {
			unsigned char c = p[1] | 0x20;
			out[k++] = c == 0xa5 || c == 0xa4 || c == 0xa0 || c == 0xa1 ? 'a'
				   : c == 0xb6 || c == 0xb8 ? 'o'
				   : c == 0xa9 || c == 0xa8 ? 'e'
				   : c == 0xbc ? 'u' : 'x';
			p++;
		} else if (*p >= 'A' && *p <= 'Z') {
			out[k++] = (char)(*p - 'A' + 'a');
		} else if (*p == ' ') {
			out[k++] = '.';
		} else {
			out[k++] = (char)*p;
		}
	}
	out[k] = 0;
}

/* Date n days from today, "YYYY-MM-DD". */
static const char *date_in(struct arena *a, long long days)
{
	time_t t = time(NULL) + (time_t)(days * 86400);
	struct tm tm;
	gmtime_r(&t, &tm);
	return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* ---- writing ---------------------------------------------------------- */

struct gen {
	struct store *st;
	long long org;
	struct arena *a;  /* this operation's */
	struct arena *prev; /* the one before: what a caller built for this operation */
	long ops;         /* in the current transaction */
	long audit, audit_target;
	struct audit_actor who;
	long long creates, updates, logins;
};

static void die(struct gen *g, const char *what)
{
	fprintf(stderr, "gen: %s: %s\n", what, store_errmsg(g->st));
	exit(1);
}

/* A fresh arena for the next operation (what the caller allocated for it
 * lives on in g->prev until the one after); commit every BATCH operations. */
static void next_op(struct gen *g)
{
	arena_free(g->prev);
	g->prev = g->a;
	g->a = arena_new();
	if (++g->ops >= BATCH) {
		if (store_commit(g->st) != STORE_OK || store_begin(g->st) != STORE_OK)
			die(g, "commit");
		g->ops = 0;
	}
}

static void audit(struct gen *g, const char *entity, long long id, const char *action,
		  const struct jval *changes)
{
	if (store_audit_append(g->st, g->org, &g->who, entity, id, action, changes) != STORE_OK)
		die(g, "audit");
	g->audit++;
}

/* Insert rec and record it as record_create does. */
static long long create(struct gen *g, const struct entity *e, const struct jval *rec)
{
	long long id;
	if (store_insert(g->st, e, g->org, rec, &id) != STORE_OK)
		die(g, e->name);
	struct jval *changes = jv_obj(g->a);
	for (const struct field *f = e->fields; f->name; f++) {
		const struct jval *v = jv_get(rec, f->name);
		if (!jv_truthy(v) && !(v && v->type == J_BOOL) && !(v && v->type == J_INT))
			continue;
		struct jval *pair = jv_arr(g->a);
		jv_push(pair, f->type == F_REFS ? jv_arr(g->a) : jv_null(g->a));
		jv_push(pair, jv_clone(g->a, v));
		jv_set(changes, f->name, pair);
	}
	audit(g, e->name, id, "create", changes);
	g->creates++;
	return id;
}

/* The declared fields of record id (as record.c's fields_of), or NULL. */
static struct jval *load(struct gen *g, const struct entity *e, long long id)
{
	struct jval *row;
	if (store_get(g->st, g->a, e, g->org, id, &row) != STORE_OK)
		return NULL;
	struct jval *rec = jv_obj(g->a);
	for (const struct field *f = e->fields; f->name; f++) {
		const struct jval *v = jv_get(row, f->name);
		jv_set(rec, f->name, v ? jv_clone(g->a, v) : f->type == F_REFS ? jv_arr(g->a) : jv_null(g->a));
	}
	return rec;
}

/* Write rec (every field, changed from old) and record the diff as
 * record_update does. 0 when nothing changed. */
static int update(struct gen *g, const struct entity *e, long long id, const struct jval *old,
		  const struct jval *rec)
{
	struct jval *changes = jv_obj(g->a);
	for (const struct field *f = e->fields; f->name; f++) {
		const struct jval *before = jv_get(old, f->name), *after = jv_get(rec, f->name);
		if (jv_equal(before, after))
			continue;
		struct jval *pair = jv_arr(g->a);
		jv_push(pair, jv_clone(g->a, before));
		jv_push(pair, jv_clone(g->a, after));
		jv_set(changes, f->name, pair);
	}
	if (changes->len == 0)
		return 0;
	if (store_update(g->st, e, g->org, id, rec) != STORE_OK)
		die(g, e->name);
	audit(g, e->name, id, "update", changes);
	g->updates++;
	return 1;
}

static struct jval *ids_array(struct arena *a, const long long *ids, size_t n)
{
	struct jval *arr = jv_arr(a);
	for (size_t i = 0; i < n; i++) {
		int dup = 0;
		for (size_t j = 0; j < i; j++)
			dup |= ids[j] == ids[i];
		if (!dup && ids[i])
			jv_push(arr, jv_int(a, ids[i]));
	}
	return arr;
}

/* ---- the municipality -------------------------------------------------- */

struct unit {
	long long id, manager;
	int area; /* index into areas, or -1 for companies */
	int level; /* 0 committee/company, 1 administration, 2 department, 3 section */
	const char *name; /* static or malloc'd */
};

static struct unit *units;
static size_t nunits, units_cap;

static struct unit *add_unit(struct gen *g, const char *name, const char *kind, long long parent,
			     int area, int level, const char *code)
{
	next_op(g);
	struct jval *r = jv_obj(g->a);
	jv_set_str(g->a, r, "name", name);
	jv_set_str(g->a, r, "kind", kind);
	if (parent)
		jv_set_int(g->a, r, "parent_id", parent);
	if (code)
		jv_set_str(g->a, r, "code", code);
	if (level <= 1)
		jv_set_str(g->a, r, "description", PICK(fillers));
	if (nunits == units_cap) {
		units_cap = units_cap ? 2 * units_cap : 256;
		units = realloc(units, units_cap * sizeof *units);
		if (!units)
			abort();
	}
	struct unit *u = &units[nunits++];
	*u = (struct unit){ .id = create(g, entity_find("units"), r), .area = area, .level = level,
			    .name = strdup(name) };
	return u;
}

static int unit_name_taken(const char *name, int area)
{
	for (size_t i = 0; i < nunits; i++)
		if (units[i].area == area && strcmp(units[i].name, name) == 0)
			return 1;
	return 0;
}

/* Per area: the units at each level, and the people in them. */
struct area_idx {
	struct list depts, sections, admins_pool, managers, processes, assets, systems, people;
	long long administration, committee;
};

static struct area_idx idx[NELEM(areas) + 1]; /* last: the companies */
#define COMPANIES NELEM(areas)

static void make_units(struct gen *g, double scale)
{
	int code = 1000;
	for (size_t ai = 0; ai < NELEM(areas); ai++) {
		const struct area *ar = &areas[ai];
		/* add_unit may move units[]: keep ids, not pointers. */
		long long committee = add_unit(g, ar->committee, "committee", 0, (int)ai, 0, NULL)->id;
		idx[ai].committee = committee;
		long long adm = add_unit(g, ar->administration, "administration", committee, (int)ai, 1,
					 arena_printf(g->a, "%d", code))->id;
		idx[ai].administration = adm;
		code += 100;
		size_t nd = count_nonnull(ar->departments, NELEM(ar->departments));
		size_t ns = count_nonnull(ar->sections, NELEM(ar->sections));
		for (size_t d = 0; d < nd; d++) {
			struct unit *dep = add_unit(g, ar->departments[d], "department", adm, (int)ai, 2,
						    arena_printf(g->a, "%d", code + (int)d * 10));
			long long dep_id = dep->id;
			push(&idx[ai].depts, (long long)(dep - units));
			/* Sections in proportion to the area's staff. */
			long long n = (long long)((2 + ar->weight / 2 + rint_in(0, 4)) * scale + 0.5);
			if (n < 1)
				n = 1;
			for (long long s = 0; s < n; s++) {
				char name[200];
				for (int tries = 0;; tries++) {
					snprintf(name, sizeof name, ar->sections[rnd() % ns], PICK(places));
					if (!unit_name_taken(name, (int)ai))
						break;
					if (tries == 30) {
						size_t len = strlen(name);
						snprintf(name + len, sizeof name - len, " %lld", s + 2);
						break;
					}
				}
				struct unit *sec = add_unit(g, name, "section", dep_id, (int)ai, 3,
							    arena_printf(g->a, "%d-%02lld", code + (int)d * 10, s + 1));
				push(&idx[ai].sections, (long long)(sec - units));
			}
		}
		code += 100;
	}
	for (size_t ci = 0; ci < NELEM(companies); ci++) {
		struct unit *co = add_unit(g, companies[ci], "company", 0, -1, 0,
					   arena_printf(g->a, "B%zu", ci + 1));
		long long co_id = co->id;
		push(&idx[COMPANIES].depts, (long long)(co - units));
		for (size_t s = 0; s < NELEM(company_sections); s++) {
			if (s >= 3 && chance(0.5))
				continue;
			struct unit *sec = add_unit(g, company_sections[s], "section", co_id, -1, 3, NULL);
			push(&idx[COMPANIES].sections, (long long)(sec - units));
		}
	}
}

/* ---- people ------------------------------------------------------------ */

static unsigned short *name_uses; /* per (first, last): e-mail suffix counter */

static long long add_person(struct gen *g, long long unit, const char *title, int elected, int active)
{
	next_op(g);
	size_t fi = rnd() % NELEM(first_names), li = rnd() % NELEM(last_names);
	const char *first = first_names[fi], *last = last_names[li];
	char name[120], f[60], l[60], mail[160];
	/* Some carry two surnames, as many do. */
	const char *last2 = chance(0.06) ? PICK(last_names) : NULL;
	if (last2 && strcmp(last2, last) != 0)
		snprintf(name, sizeof name, "%s %s %s", first, last2, last);
	else
		snprintf(name, sizeof name, "%s %s", first, last);
	mail_part(f, sizeof f, first);
	mail_part(l, sizeof l, last);
	unsigned n = ++name_uses[fi * NELEM(last_names) + li];
	if (n == 1)
		snprintf(mail, sizeof mail, "%s.%s@storkoping.se", f, l);
	else
		snprintf(mail, sizeof mail, "%s.%s%u@storkoping.se", f, l, n);
	struct jval *r = jv_obj(g->a);
	jv_set_str(g->a, r, "name", name);
	jv_set_str(g->a, r, "email", mail);
	jv_set_str(g->a, r, "title", title);
	if (unit)
		jv_set_int(g->a, r, "unit_id", unit);
	jv_set_str(g->a, r, "kind", elected ? "elected" : "employee");
	jv_set_bool(g->a, r, "active", active);
	return create(g, entity_find("people"), r);
}

static struct list all_people, all_managers, elected_people;

static void make_people(struct gen *g, long long target)
{
	long long made = 0;
	/* A manager for every unit. */
	for (size_t i = 0; i < nunits; i++) {
		struct unit *u = &units[i];
		const char *title = u->area < 0 ? (u->level == 0 ? "Verkställande direktör" : "Enhetschef")
				    : u->level == 0 ? "Ordförande"
				    : u->level == 1 ? "Förvaltningschef"
				    : u->level == 2 ? "Avdelningschef" : "Enhetschef";
		if (u->area >= 0 && u->level == 0)
			title = arena_printf(g->a, "Ordförande, %s", u->name);
		u->manager = add_person(g, u->id, title, u->area >= 0 && u->level == 0, 1);
		push(&all_people, u->manager);
		if (u->area >= 0 && u->level == 0)
			push(&elected_people, u->manager);
		if (u->level > 0 || u->area < 0)
			push(&all_managers, u->manager);
		push(&idx[u->area < 0 ? COMPANIES : (size_t)u->area].managers, u->manager);
		made++;
	}
	/* Elected members of every committee. */
	long long elected = target / 90;
	for (long long i = 0; i < elected; i++) {
		size_t ai = rnd() % NELEM(areas);
		const char *title = arena_printf(g->a, "%s, %s", chance(0.5) ? "Ledamot" : "Ersättare",
						 areas[ai].committee);
		long long id = add_person(g, idx[ai].committee, title, 1, 1);
		push(&all_people, id);
		push(&elected_people, id);
		made++;
	}
	/* System administrators (systemförvaltare): a pool per area. */
	for (size_t ai = 0; ai <= COMPANIES; ai++) {
		long long n = target / (ai == COMPANIES ? 2500 : 1000) + 2;
		struct list *depts = &idx[ai].depts;
		for (long long i = 0; i < n; i++) {
			long long unit = units[pick_from(depts)].id;
			long long id = add_person(g, unit, "Systemförvaltare", 0, 1);
			push(&idx[ai].admins_pool, id);
			push(&idx[ai].people, id);
			push(&all_people, id);
			made++;
		}
	}
	/* Everyone else, where the work is. */
	int wsum = 0;
	for (size_t ai = 0; ai < NELEM(areas); ai++)
		wsum += areas[ai].weight;
	wsum += 3; /* the companies */
	while (made < target) {
		int w = (int)rint_in(0, wsum - 1);
		size_t ai = 0;
		while (ai < NELEM(areas) && w >= areas[ai].weight)
			w -= areas[ai++].weight;
		struct area_idx *x = &idx[ai];
		long long ui = chance(0.9) && x->sections.n ? pick_from(&x->sections) : pick_from(&x->depts);
		const char *title = ai == COMPANIES ? PICK(company_titles) : PICK_NN(areas[ai].titles);
		long long id = add_person(g, units[ui].id, title, 0, !chance(0.03));
		push(&x->people, id);
		push(&all_people, id);
		made++;
	}
}

/* ---- inventory --------------------------------------------------------- */

static void make_processes(struct gen *g, long long target)
{
	const struct entity *e = entity_find("processes");
	for (long long i = 0; i < target; i++) {
		next_op(g);
		size_t ai = rnd() % (NELEM(areas) + 1);
		if (ai == COMPANIES)
			ai = rnd() % NELEM(areas);
		const struct area *ar = &areas[ai];
		const char *base = PICK_NN(ar->processes);
		int critical = base[0] == '*';
		if (critical)
			base++;
		long long ui = chance(0.6) ? pick_from(&idx[ai].sections) : pick_from(&idx[ai].depts);
		struct jval *r = jv_obj(g->a);
		jv_set_str(g->a, r, "name", arena_printf(g->a, "%s – %s", base, units[ui].name));
		jv_set_int(g->a, r, "unit_id", units[ui].id);
		jv_set_bool(g->a, r, "critical", critical && chance(0.4));
		if (chance(0.7))
			jv_set_str(g->a, r, "description",
				   arena_printf(g->a, "%s inom %s. %s", base, lc_first(g->a, units[ui].name),
						PICK(fillers)));
		push(&idx[ai].processes, create(g, e, r));
	}
}

static void make_assets(struct gen *g, long long target)
{
	const struct entity *e = entity_find("information-assets");
	static const char *const pd[] = { "none", "none", "personal", "personal", "personal", "sensitive" };
	for (long long i = 0; i < target; i++) {
		next_op(g);
		size_t ai = rnd() % NELEM(areas);
		const struct area *ar = &areas[ai];
		struct area_idx *x = &idx[ai];
		long long ui = chance(0.7) ? pick_from(&x->sections) : pick_from(&x->depts);
		struct jval *r = jv_obj(g->a);
		const char *base = PICK_NN(ar->assets);
		jv_set_str(g->a, r, "name", arena_printf(g->a, "%s – %s", base, units[ui].name));
		jv_set_int(g->a, r, "unit_id", units[ui].id);
		if (chance(0.9)) /* the unit's manager, or another manager of the area */
			jv_set_int(g->a, r, "owner_id", chance(0.7) ? units[ui].manager : pick_from(&x->managers));
		long long procs[3] = { 0 };
		size_t np = chance(0.95) ? (size_t)rint_in(1, 3) : 0;
		for (size_t k = 0; k < np; k++)
			procs[k] = pick_from(&x->processes);
		jv_set(r, "process_ids", ids_array(g->a, procs, np));
		jv_set_str(g->a, r, "personal_data", PICK(pd));
		if (chance(0.6))
			jv_set_str(g->a, r, "legal_basis", PICK(legal_bases));
		if (chance(0.5))
			jv_set_str(g->a, r, "description",
				   arena_printf(g->a, "%s som %s hanterar. %s", base, lc_first(g->a, units[ui].name),
						PICK(fillers)));
		push(&x->assets, create(g, e, r));
	}
}

static struct list all_suppliers, platform;
static long long *system_supplier; /* by system id */
static size_t system_supplier_cap;

static void make_suppliers(struct gen *g, long long target)
{
	const struct entity *e = entity_find("suppliers");
	for (long long i = 0; i < target; i++) {
		next_op(g);
		struct jval *r = jv_obj(g->a);
		const char *name = (size_t)i < NELEM(supplier_names)
					   ? supplier_names[i]
					   : arena_printf(g->a, "%s %s%s AB", PICK(supplier_words1),
							  PICK(supplier_words2),
							  i % 3 == 0 ? arena_printf(g->a, " i %s", PICK(places)) : "");
		jv_set_str(g->a, r, "name", name);
		jv_set_str(g->a, r, "org_number", arena_printf(g->a, "556%03lld-%04lld", 100 + i, rint_in(1000, 9999)));
		const char *first = PICK(first_names), *last = PICK(last_names);
		char f[60], l[60], dom[40];
		mail_part(f, sizeof f, first);
		mail_part(l, sizeof l, last);
		snprintf(dom, sizeof dom, "leverantor%lld.se", i + 1);
		if (chance(0.85)) {
			jv_set_str(g->a, r, "contact", arena_printf(g->a, "%s %s", first, last));
			jv_set_str(g->a, r, "email", arena_printf(g->a, "%s.%s@%s", f, l, dom));
			jv_set_str(g->a, r, "phone", arena_printf(g->a, "0%lld-%03lld %02lld %02lld", rint_in(8, 90),
								  rint_in(100, 999), rint_in(10, 99), rint_in(10, 99)));
		}
		if (chance(0.3))
			jv_set_str(g->a, r, "notes", PICK(fillers));
		push(&all_suppliers, create(g, e, r));
	}
}

/* The supplier of a product: the same for every system of that product. */
static long long product_supplier(const char *product)
{
	unsigned h = 2166136261u;
	for (const char *p = product; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	size_t known = all_suppliers.n < 120 ? all_suppliers.n : 120;
	return known ? all_suppliers.v[h % known] : 0;
}

static long long add_system(struct gen *g, size_t ai, const char *name, const char *product, long long unit_ix,
			    int ot, int is_platform)
{
	next_op(g);
	const struct entity *e = entity_find("systems");
	struct area_idx *x = &idx[ai];
	struct jval *r = jv_obj(g->a);
	jv_set_str(g->a, r, "name", name);
	const char *what = "bolagets verksamhet";
	if (ai != COMPANIES) {
		const char *proc = PICK_NN(areas[ai].processes);
		what = lc_first(g->a, proc + (proc[0] == '*'));
	}
	if (chance(0.85))
		jv_set_str(g->a, r, "purpose",
			   arena_printf(g->a, "%s för %s. %s", ot ? "Styr och övervakar tekniska installationer"
							    : is_platform ? "Gemensam plattform"
							    : "Verksamhetssystem",
					what, PICK(fillers)));
	jv_set_int(g->a, r, "unit_id", units[unit_ix].id);
	if (chance(0.92))
		jv_set_int(g->a, r, "owner_id", chance(0.8) ? units[unit_ix].manager : pick_from(&x->managers));
	if (chance(0.88))
		jv_set_int(g->a, r, "administrator_id", pick_from(&x->admins_pool));
	long long supplier = 0;
	if (product && chance(0.95))
		supplier = product_supplier(product);
	else if (chance(0.5))
		supplier = pick_from(&all_suppliers);
	if (supplier)
		jv_set_int(g->a, r, "supplier_id", supplier);
	static const char *const hosting[] = { "own_it", "own_it", "own_it", "supplier", "supplier",
					       "federation", "other_municipality" };
	if (chance(0.95))
		jv_set_str(g->a, r, "hosting", PICK(hosting));
	if (chance(0.8))
		jv_set_int(g->a, r, "users_count", is_platform ? rint_in(2000, 12000)
								 : (long long)(2.0 * (1 << rint_in(0, 11)) * (0.5 + rfrac())));
	double lc = rfrac();
	jv_set_str(g->a, r, "lifecycle", lc < 0.05 ? "planned" : lc < 0.85 ? "in_use" : lc < 0.93 ? "retiring" : "retired");
	double sh = rfrac();
	if (sh < 0.95)
		jv_set_str(g->a, r, "support_hours", sh < 0.55 ? "office" : sh < 0.8 ? "extended" : "always");
	jv_set_bool(g->a, r, "after_hours_agreement", sh >= 0.8 && sh < 0.95 && chance(0.7));
	jv_set_bool(g->a, r, "ot", ot);
	/* The information it processes: 1-6 assets of its area. */
	long long assets[6] = { 0 };
	size_t na = is_platform ? 0 : chance(0.95) ? (size_t)rint_in(1, 6) : 0;
	for (size_t k = 0; k < na; k++)
		assets[k] = pick_from(&idx[ai == COMPANIES ? rnd() % NELEM(areas) : ai].assets);
	jv_set(r, "information_asset_ids", ids_array(g->a, assets, na));
	/* What it needs: platform systems and, now and then, another system
	 * of its area (only ones that exist already). */
	long long deps[4] = { 0 };
	size_t nd = 0;
	if (!is_platform && chance(0.35)) {
		nd = (size_t)rint_in(1, 3);
		for (size_t k = 0; k < nd; k++)
			deps[k] = chance(0.7) || !x->systems.n ? pick_from(&platform) : pick_from(&x->systems);
	}
	jv_set(r, "depends_on_ids", ids_array(g->a, deps, nd));
	long long id = create(g, e, r);
	push(&x->systems, id);
	if ((size_t)id >= system_supplier_cap) {
		size_t cap = system_supplier_cap ? 2 * system_supplier_cap : 8192;
		while (cap <= (size_t)id)
			cap *= 2;
		system_supplier = realloc(system_supplier, cap * sizeof *system_supplier);
		if (!system_supplier)
			abort();
		memset(system_supplier + system_supplier_cap, 0, (cap - system_supplier_cap) * sizeof *system_supplier);
		system_supplier_cap = cap;
	}
	system_supplier[id] = supplier;
	return id;
}

static long long max_system_id;

static void make_systems(struct gen *g, long long target)
{
	long long made = 0;
	/* The IT department's shared platform first. */
	for (size_t i = 0; i < NELEM(platform_systems) && made < target; i++, made++)
		push(&platform, add_system(g, 0, platform_systems[i], platform_systems[i], idx[0].depts.v[2], 0, 1));
	while (made < target) {
		size_t ai = rnd() % (NELEM(areas) + 2);
		if (ai > COMPANIES)
			ai = 1 + rnd() % 3; /* education and care have the most */
		struct area_idx *x = &idx[ai];
		double kind = rfrac();
		const char *name, *product = NULL;
		int ot = 0;
		long long ui;
		if (kind < 0.7) {
			product = ai == COMPANIES ? PICK(company_products) : PICK_NN(areas[ai].products);
			ui = chance(0.5) ? pick_from(&x->depts) : pick_from(&x->sections);
			name = chance(0.15) ? arena_printf(g->a, "%s (test)", product)
					    : arena_printf(g->a, "%s – %s", product, units[ui].name);
			ot = strstr(product, "SCADA") || strstr(product, "EcoStruxure") || strstr(product, "Desigo");
		} else if (kind < 0.92) {
			const char *what = PICK(generic_systems);
			ui = pick_from(&x->sections);
			name = arena_printf(g->a, "%s %s", what, units[ui].name);
			ot = strcmp(what, "Fastighetsautomation") == 0 || strcmp(what, "Styrsystem") == 0 ||
			     strcmp(what, "Ventilationsstyrning") == 0 || strcmp(what, "Elmätning") == 0;
		} else {
			const char *proc = ai == COMPANIES ? "felanmälan" : PICK_NN(areas[ai].processes);
			if (proc[0] == '*')
				proc++;
			ui = pick_from(&x->depts);
			name = arena_printf(g->a, "E-tjänst %s", lc_first(g->a, proc));
			product = "E-tjänsteplattform";
		}
		/* name lives in g->a, which add_system replaces: copy it out. */
		char namebuf[300], prodbuf[100];
		snprintf(namebuf, sizeof namebuf, "%s", name);
		if (product)
			snprintf(prodbuf, sizeof prodbuf, "%s", product);
		long long id = add_system(g, ai, namebuf, product ? prodbuf : NULL, ui, ot, 0);
		if (id > max_system_id)
			max_system_id = id;
		made++;
	}
}

static void make_agreements(struct gen *g, long long target)
{
	const struct entity *e = entity_find("agreements");
	static const char *const kinds[] = { "sla", "dpa", "licence", "operation", "licence", "sla" };
	static const char *const kind_names[] = { "Serviceavtal", "PUB-avtal", "Licensavtal", "Driftavtal",
						  "Licensavtal", "Serviceavtal" };
	/* Systems by supplier, for "systems covered". */
	long long maxs = 0;
	for (size_t i = 0; i < all_suppliers.n; i++)
		if (all_suppliers.v[i] > maxs)
			maxs = all_suppliers.v[i];
	struct list *by_supplier = calloc((size_t)maxs + 1, sizeof *by_supplier);
	for (size_t id = 0; id < system_supplier_cap; id++)
		if (system_supplier[id] > 0 && system_supplier[id] <= maxs)
			push(&by_supplier[system_supplier[id]], (long long)id);
	size_t known = all_suppliers.n < 120 ? all_suppliers.n : 120;
	for (long long i = 0; i < target; i++) {
		next_op(g);
		/* Mostly the suppliers of the products in use. */
		long long supplier = chance(0.7) ? all_suppliers.v[rnd() % known] : pick_from(&all_suppliers);
		size_t k = rnd() % NELEM(kinds);
		const char *sname = store_title(g->st, g->a, entity_find("suppliers"), g->org, supplier);
		struct jval *r = jv_obj(g->a);
		long long year = 2015 + rint_in(0, 10);
		jv_set_str(g->a, r, "name", arena_printf(g->a, "%s %s %lld", kind_names[k], sname ? sname : "", year));
		jv_set_int(g->a, r, "supplier_id", supplier);
		jv_set_str(g->a, r, "kind", kinds[k]);
		jv_set_bool(g->a, r, "standard_contract", chance(0.35));
		if (chance(0.7))
			jv_set_str(g->a, r, "support_hours", chance(0.6) ? "office" : chance(0.5) ? "extended" : "always");
		long long start = -rint_in(60, 3000);
		jv_set_str(g->a, r, "start_date", date_in(g->a, start));
		double end = rfrac();
		if (end < 0.12) /* ended */
			jv_set_str(g->a, r, "end_date", date_in(g->a, -rint_in(10, start < -400 ? 300 : 20)));
		else if (end < 0.75)
			jv_set_str(g->a, r, "end_date", date_in(g->a, rint_in(30, 1500)));
		if (chance(0.9))
			jv_set_int(g->a, r, "responsible_id", pick_from(&all_managers));
		long long sys[5] = { 0 };
		size_t n = by_supplier[supplier].n ? (size_t)rint_in(1, 5) : 0;
		for (size_t j = 0; j < n; j++)
			sys[j] = pick_from(&by_supplier[supplier]);
		jv_set(r, "system_ids", ids_array(g->a, sys, n));
		jv_set_str(g->a, r, "reference", arena_printf(g->a, "KS %lld/%lld", year, rint_in(10, 999)));
		if (chance(0.3))
			jv_set_str(g->a, r, "notes", PICK(fillers));
		create(g, e, r);
	}
	for (long long i = 0; i <= maxs; i++)
		free(by_supplier[i].v);
	free(by_supplier);
}

/* ---- roles and accounts ----------------------------------------------- */

static long long role(struct gen *g, long long person, const char *r, const char *scope, long long unit,
		      const char *rec_entity, long long rec_id)
{
	next_op(g);
	struct jval *o = jv_obj(g->a);
	jv_set_int(g->a, o, "person_id", person);
	jv_set_str(g->a, o, "role", r);
	jv_set_str(g->a, o, "scope", scope);
	if (unit)
		jv_set_int(g->a, o, "unit_id", unit);
	if (rec_entity) {
		jv_set_str(g->a, o, "record_entity", rec_entity);
		jv_set_int(g->a, o, "record_id", rec_id);
	}
	if (chance(0.4))
		jv_set_str(g->a, o, "note", arena_printf(g->a, "Beslut KS %lld/%lld", 2018 + rint_in(0, 7), rint_in(10, 400)));
	return create(g, entity_find("role-assignments"), o);
}

static struct list account_ids; /* account_names[i] is account_ids.v[i]'s */
static char account_names[64][80];

static void account(struct gen *g, long long person)
{
	if (account_ids.n >= NELEM(account_names))
		return;
	next_op(g);
	const char *email = NULL;
	struct jval *p = NULL;
	struct arena *a = g->a;
	if (store_get(g->st, a, entity_find("people"), g->org, person, &p) == STORE_OK)
		email = jv_get_str(p, "email");
	if (!email)
		return;
	char *user = account_names[account_ids.n];
	snprintf(user, sizeof account_names[0], "%.*s", (int)strcspn(email, "@"), email);
	for (size_t i = 0; i < account_ids.n; i++)
		if (strcmp(account_names[i], user) == 0)
			return; /* already has an account */
	struct jval *o = jv_obj(a);
	jv_set_str(a, o, "username", user);
	jv_set_int(a, o, "person_id", person);
	jv_set_str(a, o, "lang", "sv");
	jv_set_bool(a, o, "disabled", 0);
	push(&account_ids, create(g, entity_find("users"), o));
}

static void make_roles(struct gen *g, double scale)
{
	struct area_idx *ks = &idx[0];
	long long n;
	/* Organisation-wide functions. */
	static const char *const org_roles[] = { "coordinator", "coordinator", "security_chief", "it_chief",
						 "dpo", "auditor", "auditor" };
	for (size_t i = 0; i < NELEM(org_roles); i++) {
		long long p = pick_from(&ks->people);
		role(g, p, org_roles[i], "org", 0, NULL, 0);
		account(g, p);
	}
	/* Heads of administrations and companies: manager for their unit. */
	for (size_t i = 0; i < nunits; i++)
		if ((units[i].level == 1) || (units[i].area < 0 && units[i].level == 0))
			role(g, units[i].manager, "manager", "unit", units[i].id, NULL, 0);
	/* Chairs of the committees. */
	for (size_t i = 0; i < nunits; i++)
		if (units[i].level == 0 && units[i].area >= 0)
			role(g, units[i].manager, "elected", "org", 0, NULL, 0);
	/* System owners and administrators, information owners. */
	n = (long long)(150 * scale) + 1;
	for (long long i = 0; i < n; i++) {
		long long p = pick_from(&all_managers);
		role(g, p, "system_owner", "org", 0, NULL, 0);
		if (i % 10 == 0)
			account(g, p);
	}
	n = (long long)(100 * scale) + 1;
	for (long long i = 0; i < n; i++) {
		size_t ai = rnd() % (NELEM(areas) + 1);
		long long p = pick_from(&idx[ai].admins_pool);
		role(g, p, "system_administrator", "org", 0, NULL, 0);
		if (i % 10 == 0)
			account(g, p);
	}
	n = (long long)(80 * scale) + 1;
	for (long long i = 0; i < n; i++) {
		size_t ui = rnd() % nunits;
		role(g, units[ui].manager, "information_owner", "unit", units[ui].id, NULL, 0);
	}
	/* A few roles on single systems. */
	n = (long long)(20 * scale) + 1;
	for (long long i = 0; i < n; i++)
		role(g, pick_from(&all_people), "system_administrator", "record", 0, "systems",
		     1 + (long long)(rnd() % (uint64_t)(max_system_id ? max_system_id : 1)));
}

/* ---- history: updates until the trail is long enough ------------------- */

static const struct entity *E(const char *name)
{
	return entity_find(name);
}

static void set_ref_or_null(struct arena *a, struct jval *rec, const char *key, long long id)
{
	if (id)
		jv_set_int(a, rec, key, id);
	else
		jv_set(rec, key, jv_null(a));
}

struct sizes {
	long long assets, systems, processes, agreements, suppliers;
};

static void make_history(struct gen *g, const struct sizes *n)
{
	static const char *const addresses[] = { "10.12.4.21", "10.12.8.77", "10.40.1.5", "192.168.20.14",
						 "10.12.4.150" };
	while (g->audit < g->audit_target) {
		next_op(g);
		/* Act as one of the accounts, through the UI mostly. */
		size_t ai_acc = account_ids.n ? rnd() % account_ids.n : 0;
		if (account_ids.n) {
			g->who.user_id = account_ids.v[ai_acc];
			g->who.username = account_names[ai_acc];
			g->who.via = chance(0.85) ? "ui" : chance(0.5) ? "api" : "import";
		}
		double what = rfrac();
		if (what < 0.04 && account_ids.n) {
			struct jval *c = jv_obj(g->a);
			jv_set_str(g->a, c, "address", PICK(addresses));
			g->who.via = "ui";
			audit(g, "users", g->who.user_id, "login", c);
			g->logins++;
			continue;
		}
		const struct entity *e;
		long long id;
		if (what < 0.35) {
			e = E("people");
			id = pick_from(&all_people);
		} else if (what < 0.62) {
			e = E("information-assets");
			id = 1 + (long long)(rnd() % (uint64_t)n->assets);
		} else if (what < 0.88) {
			e = E("systems");
			id = 1 + (long long)(rnd() % (uint64_t)n->systems);
		} else if (what < 0.93) {
			e = E("processes");
			id = 1 + (long long)(rnd() % (uint64_t)n->processes);
		} else if (what < 0.97) {
			e = E("agreements");
			id = 1 + (long long)(rnd() % (uint64_t)n->agreements);
		} else if (what < 0.99) {
			e = E("suppliers");
			id = 1 + (long long)(rnd() % (uint64_t)n->suppliers);
		} else {
			e = E("units");
			id = units[rnd() % nunits].id;
		}
		struct jval *old = load(g, e, id);
		if (!old)
			continue; /* ids are per table: that one is not there */
		struct jval *rec = load(g, e, id);
		struct arena *a = g->a;
		const char *ename = e->name;
		if (strcmp(ename, "people") == 0) {
			double k = rfrac();
			if (k < 0.5) {
				/* A new title in the same line of work. */
				const char *t = jv_get_str(old, "title"), *nt = PICK(company_titles);
				for (size_t ai = 0; ai < NELEM(areas); ai++)
					for (size_t j = 0; j < NELEM(areas[ai].titles) && areas[ai].titles[j]; j++)
						if (t && strcmp(t, areas[ai].titles[j]) == 0)
							nt = PICK_NN(areas[ai].titles);
				jv_set_str(a, rec, "title", nt);
			} else if (k < 0.8) {
				jv_set_int(a, rec, "unit_id", units[rnd() % nunits].id);
			} else if (k < 0.92) {
				/* Left, now and then: kept for the history. */
				jv_set_bool(a, rec, "active", chance(0.2) ? 0 : 1);
			} else {
				const char *name = jv_get_str(old, "name");
				const char *sp = name ? strrchr(name, ' ') : NULL;
				if (sp) /* married: a new surname */
					jv_set_str(a, rec, "name", arena_printf(a, "%.*s %s", (int)(sp - name), name,
										PICK(last_names)));
			}
		} else if (strcmp(ename, "information-assets") == 0) {
			double k = rfrac();
			if (k < 0.4)
				set_ref_or_null(a, rec, "owner_id", chance(0.95) ? pick_from(&all_managers) : 0);
			else if (k < 0.6)
				jv_set_str(a, rec, "personal_data", chance(0.5) ? "personal" : chance(0.5) ? "sensitive" : "none");
			else if (k < 0.8)
				jv_set_str(a, rec, "legal_basis", PICK(legal_bases));
			else
				jv_set_str(a, rec, "description", arena_printf(a, "%s %s", PICK(fillers), PICK(fillers)));
		} else if (strcmp(ename, "systems") == 0) {
			double k = rfrac();
			if (k < 0.25) {
				set_ref_or_null(a, rec, "owner_id", chance(0.95) ? pick_from(&all_managers) : 0);
			} else if (k < 0.5) {
				size_t ai = rnd() % (NELEM(areas) + 1);
				set_ref_or_null(a, rec, "administrator_id", chance(0.95) ? pick_from(&idx[ai].admins_pool) : 0);
			} else if (k < 0.53) {
				/* Planned systems go live; now and then one is retired. */
				const char *lc = jv_get_str(old, "lifecycle");
				jv_set_str(a, rec, "lifecycle", lc && strcmp(lc, "planned") == 0 ? "in_use"
								: lc && strcmp(lc, "in_use") == 0 ? (chance(0.3) ? "retiring" : "in_use")
								: "retired");
			} else if (k < 0.58) {
				jv_set_str(a, rec, "support_hours", chance(0.5) ? "extended" : chance(0.5) ? "always" : "office");
			} else if (k < 0.8) {
				jv_set_int(a, rec, "users_count", rint_in(1, 6000));
			} else if (k < 0.9) {
				/* one more information asset */
				struct jval *arr = jv_get(rec, "information_asset_ids");
				struct jval *copy = jv_arr(a);
				for (struct jval *m = arr ? arr->first : NULL; m; m = m->next)
					jv_push(copy, jv_int(a, m->i));
				long long add = 1 + (long long)(rnd() % (uint64_t)n->assets);
				int have = 0;
				for (struct jval *m = copy->first; m; m = m->next)
					have |= m->i == add;
				if (!have && copy->len < 8)
					jv_push(copy, jv_int(a, add));
				jv_set(rec, "information_asset_ids", copy);
			} else {
				const char *was = jv_get_str(old, "purpose");
				jv_set_str(a, rec, "purpose", was && strlen(was) < 400 ? arena_printf(a, "%s %s", was, PICK(fillers))
										     : PICK(fillers));
			}
		} else if (strcmp(ename, "processes") == 0) {
			if (chance(0.05))
				jv_set_bool(a, rec, "critical", !jv_truthy(jv_get(old, "critical")));
			else
				jv_set_str(a, rec, "description", PICK(fillers));
		} else if (strcmp(ename, "agreements") == 0) {
			if (chance(0.6))
				jv_set_str(a, rec, "end_date", date_in(a, chance(0.1) ? -rint_in(1, 200) : rint_in(30, 1500)));
			else
				jv_set_str(a, rec, "notes", PICK(fillers));
		} else if (strcmp(ename, "suppliers") == 0) {
			jv_set_str(a, rec, "phone", arena_printf(a, "0%lld-%03lld %02lld %02lld", rint_in(8, 90),
								 rint_in(100, 999), rint_in(10, 99), rint_in(10, 99)));
		} else {
			jv_set_str(a, rec, "description", PICK(fillers));
		}
		/* The agreement rule: the end date is not before the start. */
		if (strcmp(ename, "agreements") == 0) {
			const char *s = jv_get_str(rec, "start_date"), *en = jv_get_str(rec, "end_date");
			if (s && en && strcmp(s, en) > 0)
				continue;
		}
		update(g, e, id, old, rec);
	}
}

/* ---- classification, action plans and the Statement of Applicability ---- */

/* Act as one of the accounts, through the UI. */
static void act_as_someone(struct gen *g)
{
	if (!account_ids.n)
		return;
	size_t k = rnd() % account_ids.n;
	g->who.user_id = account_ids.v[k];
	g->who.username = account_names[k];
	g->who.via = "ui";
}

/* Reasons per aspect and level (0-4), as an information owner writes them. */
static const char *const class_reasons[ASPECT_COUNT][5] = {
	{ "Offentliga uppgifter; ingen skada om de sprids.",
	  "Uppgifterna är i huvudsak offentliga men är inte avsedda att spridas utanför verksamheten.",
	  "Innehåller personuppgifter; spridning till obehöriga kränker de enskildas integritet.",
	  "Känsliga personuppgifter och uppgifter under sekretess enligt OSL; röjande ger allvarlig skada för enskilda.",
	  "Uppgifter av betydelse för Sveriges säkerhet; röjande kan ge synnerligen allvarlig skada." },
	{ "Felaktiga uppgifter får ingen betydelse.",
	  "Fel upptäcks och rättas i det dagliga arbetet utan större följder.",
	  "Felaktiga uppgifter kan leda till felaktiga beslut om enskilda.",
	  "Felaktiga uppgifter kan ge allvarlig skada för liv, hälsa eller rättssäkerhet.",
	  "Manipulerade uppgifter kan ge synnerligen allvarlig skada för samhällsviktig verksamhet." },
	{ "Verksamheten klarar sig utan uppgifterna en längre tid.",
	  "Verksamheten klarar ett avbrott på några dagar med manuella rutiner.",
	  "Ett avbrott längre än en arbetsdag försvårar handläggningen påtagligt.",
	  "Uppgifterna behövs dygnet runt; ett avbrott på timmar kan skada liv och hälsa.",
	  "Samhällsviktig verksamhet stannar vid minsta avbrott." },
	{ "Ingen anledning att följa upp vem som gjort vad.",
	  "Det räcker att veta vem som senast ändrade uppgifterna.",
	  "Åtkomst och ändringar ska kunna följas upp per användare (loggning).",
	  "All åtkomst ska kunna följas upp i efterhand, även läsning, för tillsyn och utredningar.",
	  "Fullständig och manipulationsskyddad spårbarhet krävs." },
};

static const char *const participant_roles[] = { "informationsägare", "verksamhetsutvecklare",
						  "informationssäkerhetssamordnare", "systemförvaltare",
						  "dataskyddsombud", "arkivarie", "handläggare" };

/* "Anna Andersson (informationsägare)", one per line. */
static const char *participants(struct arena *a)
{
	size_t n = (size_t)rint_in(2, 4);
	const char *s = "";
	for (size_t i = 0; i < n; i++)
		s = arena_printf(a, "%s%s%s %s (%s)", s, i ? "\n" : "", PICK(first_names), PICK(last_names),
				 i == 0 ? participant_roles[0] : PICK(participant_roles));
	return s;
}

/* Levels by the kind of personal data: K mostly 1-2, some 3, very few 4;
 * R, T, S 1-3. */
static void draw_levels(const char *personal, int lv[ASPECT_COUNT])
{
	double k = rfrac();
	if (personal && strcmp(personal, "sensitive") == 0)
		lv[ASPECT_K] = k < 0.30 ? 2 : k < 0.97 ? 3 : 4;
	else if (personal && strcmp(personal, "personal") == 0)
		lv[ASPECT_K] = k < 0.35 ? 1 : k < 0.92 ? 2 : 3;
	else
		lv[ASPECT_K] = k < 0.12 ? 0 : k < 0.75 ? 1 : k < 0.97 ? 2 : 3;
	double r = rfrac(), t = rfrac(), s = rfrac();
	lv[ASPECT_R] = r < 0.30 ? 1 : r < 0.80 ? 2 : 3;
	lv[ASPECT_T] = t < 0.35 ? 1 : t < 0.80 ? 2 : 3;
	lv[ASPECT_S] = s < 0.40 ? 1 : s < 0.85 ? 2 : 3;
}

struct class_stats {
	long long decided, superseded, drafts, k[5], outdated;
	long long decisions, decisions_platform;
	long long items, systems_with_items, plans, full_plans, running_classified, central_items;
	long long assess[4], overdue;
	long long soa_updates, excluded, unjustified, files;
};

/* One classification of asset (decided unless draft), ago days before today. */
static void classification(struct gen *g, long long asset, long long owner, const int lv[ASPECT_COUNT],
			   long long ago, int draft)
{
	next_op(g);
	act_as_someone(g);
	struct arena *a = g->a;
	struct jval *r = jv_obj(a);
	jv_set_int(a, r, "asset_id", asset);
	jv_set_str(a, r, "classified_on", date_in(a, -(ago + rint_in(0, 45))));
	for (int k = 0; k < ASPECT_COUNT; k++) {
		jv_set_int(a, r, aspect_field((enum aspect)k), lv[k]);
		if (!draft || chance(0.5))
			jv_set_str(a, r, arena_printf(a, "%s_reason", aspect_field((enum aspect)k)),
				   class_reasons[k][lv[k]]);
	}
	if (chance(0.6))
		jv_set_str(a, r, "participants", participants(a));
	jv_set_str(a, r, "status", draft ? "draft" : "decided");
	if (!draft) {
		jv_set_int(a, r, "decided_by_id", owner ? owner : pick_from(&all_managers));
		jv_set_str(a, r, "decided_on", date_in(a, -ago));
	}
	create(g, E("classifications"), r);
}

/* Every information asset gets a decided classification, decided within
 * the last two years (about 28 % more than a year ago: due for review);
 * some were classified before and have been reclassified since, and some
 * have a new draft under way. */
static void make_classifications(struct gen *g, long long n_assets, struct class_stats *cs)
{
	const struct entity *ae = E("information-assets");
	for (long long id = 1; id <= n_assets; id++) {
		next_op(g);
		struct jval *asset = load(g, ae, id);
		if (!asset)
			continue;
		long long owner = jv_get_int(asset, "owner_id", 0);
		const char *pd = jv_get_str(asset, "personal_data");
		char personal[16];
		snprintf(personal, sizeof personal, "%s", pd ? pd : "none");
		int lv[ASPECT_COUNT];
		draw_levels(personal, lv);
		long long ago = chance(0.72) ? rint_in(3, 364) : rint_in(366, 729);
		if (chance(0.06)) {
			/* Classified before, reclassified since. */
			int old[ASPECT_COUNT];
			memcpy(old, lv, sizeof old);
			if (old[ASPECT_K] > 0 && chance(0.5))
				old[ASPECT_K]--;
			classification(g, id, owner, old, rint_in(400, 729), 0);
			cs->superseded++;
			ago = rint_in(3, 300);
		}
		classification(g, id, owner, lv, ago, 0);
		cs->decided++;
		cs->k[lv[ASPECT_K]]++;
		cs->outdated += ago > 365;
		if (chance(0.03)) {
			int nw[ASPECT_COUNT];
			memcpy(nw, lv, sizeof nw);
			if (nw[ASPECT_T] < 3)
				nw[ASPECT_T]++;
			classification(g, id, owner, nw, rint_in(0, 60), 1);
			cs->drafts++;
		}
	}
}

/* What gen reads back of the data written so far (this transaction's
 * writes included), through the store's list calls: the systems in name
 * order (then id) with their information and each system's classification
 * as it applies, the requirements in code order with their controls, and
 * the SoA's controls in their order. Until issue 11 this was the gap
 * rules' whole-organisation snapshot (store_gap_input); the orders and
 * the levels are the same, so the data drawn from them is too. */
struct view_system {
	long long id;
	const char *name;
	long long owner_id, administrator_id;
	enum gap_lifecycle lifecycle;
	long long *assets; /* the information it processes, ids ascending */
	size_t nassets;
	struct levels eff; /* its classification as it applies (with levels) */
	int classified;    /* 1 when it has one (with levels) */
};

struct view_requirement {
	long long id;
	const char *code;
	enum aspect aspect;
	int min_level, active;
	long long *controls; /* the controls it implements, ids ascending */
	size_t ncontrols;
};

struct view_control {
	long long id;
	const char *framework;
	int applicable;
};

struct gen_view {
	struct arena *a;
	struct view_system *systems;
	size_t nsystems, cap_systems;
	struct view_requirement *requirements;
	size_t nrequirements, cap_requirements;
	struct view_control *controls;
	size_t ncontrols, cap_controls;
};

/* Grow *v (of *cap elements of size) to hold n + 1. */
static void *grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? 2 * *cap : 256;
	v = realloc(v, *cap * size);
	if (!v)
		abort();
	return v;
}

/* The ids of an F_REFS array (ascending, as the store hands them). */
static long long *view_ids(struct arena *a, const struct jval *arr, size_t *n)
{
	*n = arr && arr->type == J_ARR ? arr->len : 0;
	long long *ids = arena_alloc_array(a, *n ? *n : 1, sizeof *ids);
	size_t k = 0;
	for (const struct jval *x = *n ? arr->first : NULL; x && k < *n; x = x->next)
		if (x->type == J_INT)
			ids[k++] = x->i;
	*n = k;
	return ids;
}

static int view_system_row(void *ctx, const struct jval *row)
{
	struct gen_view *v = ctx;
	v->systems = grow(v->systems, v->nsystems, &v->cap_systems, sizeof *v->systems);
	struct view_system *s = &v->systems[v->nsystems++];
	memset(s, 0, sizeof *s);
	s->id = jv_get_int(row, "id", 0);
	const char *name = jv_get_str(row, "name");
	s->name = arena_strdup(v->a, name ? name : "");
	s->owner_id = jv_get_int(row, "owner_id", 0);
	s->administrator_id = jv_get_int(row, "administrator_id", 0);
	s->lifecycle = gap_lifecycle_from_code(jv_get_str(row, "lifecycle"));
	s->assets = view_ids(v->a, jv_get(row, "information_asset_ids"), &s->nassets);
	levels_unset(&s->eff);
	return 0;
}

static int view_requirement_row(void *ctx, const struct jval *row)
{
	struct gen_view *v = ctx;
	v->requirements = grow(v->requirements, v->nrequirements, &v->cap_requirements, sizeof *v->requirements);
	struct view_requirement *r = &v->requirements[v->nrequirements++];
	const char *code = jv_get_str(row, "code"), *aspect = jv_get_str(row, "aspect"),
		   *status = jv_get_str(row, "status");
	r->id = jv_get_int(row, "id", 0);
	r->code = arena_strdup(v->a, code ? code : "");
	r->aspect = aspect_from_code(aspect ? aspect : "");
	r->min_level = (int)jv_get_int(row, "min_level", 0);
	r->active = status && strcmp(status, "active") == 0;
	r->controls = view_ids(v->a, jv_get(row, "control_ids"), &r->ncontrols);
	return 0;
}

static int view_control_row(void *ctx, const struct jval *row)
{
	struct gen_view *v = ctx;
	v->controls = grow(v->controls, v->ncontrols, &v->cap_controls, sizeof *v->controls);
	struct view_control *c = &v->controls[v->ncontrols++];
	const char *fw = jv_get_str(row, "framework");
	c->id = jv_get_int(row, "id", 0);
	c->framework = arena_strdup(v->a, fw ? fw : "");
	c->applicable = jv_truthy(jv_get(row, "applicable"));
	return 0;
}

/* Every row of entity name, sorted by field sort (NULL: the entity's
 * default), with its links, to fn. */
static void view_each(struct gen *g, const char *name, const char *sort, store_row_fn fn, struct gen_view *v)
{
	const struct entity *e = E(name);
	struct list_query q = { .page = 1, .limit = 0, .with_links = 1 };
	if (sort && !(q.sort = entity_field(e, sort)))
		die(g, sort);
	if (store_list_each(g->st, e, g->org, &q, fn, v) != STORE_OK)
		die(g, name);
}

/* Load the view; with levels, each system's classification as it
 * applies: derived from the current classifications of its information
 * and raised by its latest decision (classify_system: the rule the server
 * keeps in system_state, computed here from the records themselves, since
 * gen's writes leave the derived rows alone). */
static void view_load(struct gen *g, struct gen_view *v, int levels)
{
	memset(v, 0, sizeof *v);
	v->a = arena_new();
	view_each(g, "systems", "name", view_system_row, v);
	view_each(g, "requirements", "code", view_requirement_row, v);
	view_each(g, "soa-entries", NULL, view_control_row, v);
	/* The SoA's order: by framework, then position (the list's default
	 * sort within a framework). */
	for (size_t i = 1; i < v->ncontrols; i++) {
		struct view_control x = v->controls[i];
		size_t j = i;
		while (j > 0 && strcmp(v->controls[j - 1].framework, x.framework) > 0) {
			v->controls[j] = v->controls[j - 1];
			j--;
		}
		v->controls[j] = x;
	}
	for (size_t i = 0; levels && i < v->nsystems; i++) {
		struct arena *sa = arena_new();
		struct system_class sc;
		if (classify_system(g->st, sa, g->org, v->systems[i].id, &sc) != STORE_OK)
			die(g, "system classification");
		v->systems[i].eff = sc.d.effective;
		v->systems[i].classified = sc.d.classified;
		arena_free(sa);
	}
}

static void view_free(struct gen_view *v)
{
	free(v->systems), free(v->requirements), free(v->controls);
	arena_free(v->a);
}

/* The requirement with id, or NULL. */
static const struct view_requirement *view_requirement(const struct gen_view *v, long long id)
{
	for (size_t q = 0; q < v->nrequirements; q++)
		if (v->requirements[q].id == id)
			return &v->requirements[q];
	return NULL;
}

static const char *const decision_reasons[] = {
	"Många system är beroende av systemet; ett avbrott slår mot flera förvaltningar.",
	"Samhällsviktig verksamhet är beroende av systemet dygnet runt.",
	"Stora mängder uppgifter samlas i systemet (aggregering), vilket ger högre skyddsvärde än de enskilda uppgifterna.",
	"Systemet används för behörighetsstyrning av andra system.",
	"Risk- och sårbarhetsanalysen 2025 visar att ett avbrott får allvarliga följder.",
	"Systemet är exponerat mot internet och hanterar inloggning för medborgare.",
};

/* Levels a decision on system i names: above the derived ones. */
static int decide_system(struct gen *g, const struct view_system *s, const struct levels *derived, int platform_sys,
			 struct class_stats *cs)
{
	int dec[ASPECT_COUNT], raised = 0;
	for (int k = 0; k < ASPECT_COUNT; k++)
		dec[k] = LEVEL_UNSET;
	if (platform_sys) {
		/* A shared platform: decided on its own, whatever it processes. */
		static const int floor[ASPECT_COUNT] = { 2, 3, 3, 3 };
		for (int k = 0; k < ASPECT_COUNT; k++) {
			int d = derived->v[k];
			int want = floor[k] + (k == ASPECT_T && chance(0.2));
			if (d < want) {
				dec[k] = want;
				raised++;
			}
		}
	} else {
		/* One or two aspects one level up, mostly availability and
		 * integrity; the first of them (from a random start) that is
		 * below 3. */
		static const int pref[] = { ASPECT_T, ASPECT_T, ASPECT_T, ASPECT_R, ASPECT_R, ASPECT_K, ASPECT_S };
		int n = chance(0.3) ? 2 : 1;
		size_t start = rnd() % NELEM(pref);
		for (size_t j = 0; j < NELEM(pref) && raised < n; j++) {
			int k = pref[(start + j) % NELEM(pref)];
			int d = derived->v[k] == LEVEL_UNSET ? 1 : derived->v[k];
			if (dec[k] == LEVEL_UNSET && d < 3) {
				dec[k] = d + 1;
				raised++;
			}
		}
	}
	if (!raised)
		return 0;
	next_op(g);
	act_as_someone(g);
	struct arena *a = g->a;
	struct jval *r = jv_obj(a);
	jv_set_int(a, r, "system_id", s->id);
	for (int k = 0; k < ASPECT_COUNT; k++)
		if (dec[k] != LEVEL_UNSET)
			jv_set_int(a, r, aspect_field((enum aspect)k), dec[k]);
	jv_set_str(a, r, "reason", platform_sys ? decision_reasons[chance(0.5) ? 0 : 3] : PICK(decision_reasons));
	jv_set_int(a, r, "decided_by_id", s->owner_id ? s->owner_id : pick_from(&all_managers));
	jv_set_str(a, r, "decided_on", date_in(a, -rint_in(5, 700)));
	create(g, E("system-classifications"), r);
	cs->decisions++;
	cs->decisions_platform += platform_sys;
	return 1;
}

static int platform_system(long long id)
{
	for (size_t i = 0; i < platform.n; i++)
		if (platform.v[i] == id)
			return 1;
	return 0;
}

/* A few hundred decisions raising a system: the shared platforms and some
 * others. */
static void make_decisions(struct gen *g, double scale, struct class_stats *cs)
{
	struct gen_view v;
	view_load(g, &v, 1);
	long long want = (long long)(270 * scale) + 1, candidates = 0;
	for (size_t i = 0; i < v.nsystems; i++)
		candidates += v.systems[i].lifecycle != GL_RETIRED && v.systems[i].classified &&
			      !platform_system(v.systems[i].id);
	double p = candidates ? (double)want / (double)candidates : 0;
	for (size_t i = 0; i < v.nsystems; i++) {
		const struct view_system *s = &v.systems[i];
		if (s->lifecycle == GL_RETIRED)
			continue;
		if (platform_system(s->id))
			decide_system(g, s, &s->eff, 1, cs);
		else if (s->classified && chance(p))
			decide_system(g, s, &s->eff, 0, cs);
	}
	view_free(&v);
}

/* Requirements the shared platform fulfils for every system (accounts in
 * the directory, backup, monitoring, the server rooms). */
static int central_requirement(const char *code)
{
	static const char *const central[] = { "ACC-01", "AUT-01", "BAK-01", "BAK-08", "MON-05",
					       "PHY-01", "PHY-04", "VUL-10" };
	for (size_t i = 0; i < NELEM(central); i++)
		if (strcmp(code, central[i]) == 0)
			return 1;
	return 0;
}

static const char *const na_reasons[] = {
	"Systemet har ingen egen inloggning; åtkomst sker via den gemensamma plattformen.",
	"Systemet lagrar inga uppgifter själv; allt lagras i verksamhetssystemet.",
	"Ingen egen utveckling sker; systemet köps som standardtjänst.",
	"Kravet gäller inte för fristående utrustning utan nätverksanslutning.",
};

static const char *const plan_comments[] = {
	"Åtgärdas i samband med uppgradering till ny version.",
	"Leverantören har lämnat en plan; följs upp på nästa förvaltningsmöte.",
	"Kräver beslut om finansiering i budgeten för nästa år.",
	"Rutin finns men är inte dokumenterad.",
	"Delvis infört; återstår för externa användare.",
	"Kontrollerat vid internrevisionen.",
	"Ingår i förvaltningsplanen.",
};

/* Action plans: for most running systems with a classification, an
 * assessment of a share of the requirements that apply to them; the
 * requirements the platform fulfils centrally are fulfilled on every
 * running system they apply to. */
static void make_plans(struct gen *g, struct class_stats *cs)
{
	struct gen_view v;
	view_load(g, &v, 1);
	const struct entity *pe = E("action-plan-items");
	char today[11];
	clock_today(today);
	for (size_t i = 0; i < v.nsystems; i++) {
		const struct view_system *s = &v.systems[i];
		if ((s->lifecycle != GL_IN_USE && s->lifecycle != GL_RETIRING) || !s->classified)
			continue;
		cs->running_classified++;
		int planned = chance(0.8);
		int full = planned && chance(0.15);
		double share = full ? 1.0 : 0.2 + 0.6 * rfrac();
		/* Who answers for the items: the administrator mostly. */
		long long admin = s->administrator_id, owner = s->owner_id;
		long long made = 0;
		for (size_t q = 0; q < v.nrequirements; q++) {
			const struct view_requirement *req = &v.requirements[q];
			if (!req->active || !requirement_applies(req->aspect, req->min_level, &s->eff))
				continue;
			int central = central_requirement(req->code);
			if (!central && (!planned || !chance(share)))
				continue;
			next_op(g);
			act_as_someone(g);
			struct arena *a = g->a;
			struct jval *r = jv_obj(a);
			jv_set_int(a, r, "system_id", s->id);
			jv_set_int(a, r, "requirement_id", req->id);
			double x = rfrac();
			int as = central ? GA_FULFILLED
				 : x < 0.47 ? GA_FULFILLED : x < 0.70 ? GA_PARTLY : x < 0.95 ? GA_NOT_FULFILLED
				 : GA_NOT_APPLICABLE;
			static const char *const codes[] = { "not_fulfilled", "partly", "fulfilled", "not_applicable" };
			jv_set_str(a, r, "assessment", codes[as]);
			if (as == GA_NOT_APPLICABLE)
				jv_set_str(a, r, "reason", PICK(na_reasons));
			if (chance(0.9)) {
				long long who = chance(0.7) && admin ? admin : chance(0.7) && owner ? owner
											 : pick_from(&all_managers);
				if (who)
					jv_set_int(a, r, "responsible_id", who);
			}
			const char *due = NULL;
			if (as == GA_PARTLY || as == GA_NOT_FULFILLED) {
				if (chance(0.92))
					due = date_in(a, rint_in(-240, 540)); /* about a third overdue */
			} else if (as == GA_FULFILLED && chance(0.5)) {
				due = date_in(a, -rint_in(10, 700));
			}
			if (due)
				jv_set_str(a, r, "due_date", due);
			if (central)
				jv_set_str(a, r, "comment", "Uppfylls centralt genom den gemensamma IT-plattformen.");
			else if (chance(0.25))
				jv_set_str(a, r, "comment", PICK(plan_comments));
			create(g, pe, r);
			cs->items++;
			cs->central_items += central;
			cs->assess[as]++;
			cs->overdue += gap_item_overdue((enum gap_assessment)as, due, today);
			made++;
		}
		cs->systems_with_items += made > 0;
		cs->plans += planned;
		cs->full_plans += full;
	}
	view_free(&v);
}

/* The Statement of Applicability: applicability, justification and
 * implementation of every control; a few Annex A controls excluded (two of
 * them without a justification yet). */
static void make_soa(struct gen *g, struct class_stats *cs)
{
	static const char *const excluded[] = { "8.4", "8.25", "8.28", "8.29", "7.6", "8.11" };
	static const char *const excluded_why[] = {
		"Kommunen bedriver ingen egen systemutveckling; källkod hanteras av leverantörerna.",
		"Ingen egen systemutveckling; krav på leverantörernas utvecklingsprocess ställs i upphandling (5.20).",
		"Ingen egen programmering; säker kodning krävs av leverantörerna i avtal.",
		"Ingen egen utveckling; leverantörernas säkerhetstestning följs upp vid godkännande av leveranser.",
		NULL, /* 7.6 and 8.11: excluded, justification still missing */
		NULL,
	};
	static const char *const included_why[] = {
		"Krävs enligt informationssäkerhetspolicyn och riskanalysen 2025.",
		"Lagkrav (NIS2-direktivet och cybersäkerhetslagen).",
		"Behövs för att skydda personuppgifter enligt GDPR.",
		"Identifierat som brist vid internrevisionen; infört i handlingsplanen.",
		"Krävs av MSB:s föreskrifter om informationssäkerhet för statliga myndigheter, tillämpas frivilligt.",
	};
	const struct entity *e = E("soa-entries");
	struct list_query q = { .page = 1, .limit = 0 };
	struct jval *rows;
	struct arena *la = arena_new();
	if (store_list(g->st, la, e, g->org, &q, &rows, NULL) != STORE_OK)
		die(g, "soa-entries");
	for (const struct jval *x = rows->first; x; x = x->next) {
		next_op(g);
		act_as_someone(g);
		long long id = jv_get_int(x, "id", 0);
		struct jval *old = load(g, e, id), *rec = load(g, e, id);
		if (!old)
			continue;
		struct arena *a = g->a;
		const char *fw = jv_get_str(old, "framework"), *code = jv_get_str(old, "code");
		int iso = fw && strcmp(fw, "iso27001") == 0;
		size_t ex = NELEM(excluded);
		for (size_t k = 0; iso && code && k < NELEM(excluded); k++)
			if (strcmp(code, excluded[k]) == 0)
				ex = k;
		if (ex < NELEM(excluded)) {
			jv_set_bool(a, rec, "applicable", 0);
			if (excluded_why[ex])
				jv_set_str(a, rec, "justification", excluded_why[ex]);
			else
				cs->unjustified++;
			jv_set_str(a, rec, "implementation", "not_started");
			cs->excluded++;
		} else {
			jv_set_bool(a, rec, "applicable", 1);
			if (chance(0.7))
				jv_set_str(a, rec, "justification", PICK(included_why));
			double k = rfrac();
			jv_set_str(a, rec, "implementation", k < 0.45 ? "implemented" : k < 0.85 ? "partly" : "not_started");
			if (iso && chance(0.35))
				jv_set_str(a, rec, "evidence_links",
					   arena_printf(a, "https://intranat.storkoping.se/styrdokument/%s\nDnr KS %lld/%lld",
							code, 2022 + rint_in(0, 3), rint_in(10, 999)));
		}
		cs->soa_updates += update(g, e, id, old, rec);
	}
	arena_free(la);
}

/* A made-up PDF of about size bytes: a header and filler text. */
static unsigned char *fake_pdf(const char *title, size_t size, size_t *len)
{
	unsigned char *p = malloc(size + 256);
	if (!p)
		abort();
	int n = snprintf((char *)p, 256, "%%PDF-1.4\n%% Storköpings kommun: %s\n1 0 obj << /Type /Catalog >> endobj\n", title);
	size_t k = (size_t)n;
	while (k < size) {
		const char *f = PICK(fillers);
		size_t fl = strlen(f);
		if (k + fl + 1 > size)
			break;
		memcpy(p + k, f, fl);
		k += fl;
		p[k++] = '\n';
	}
	memcpy(p + k, "%%EOF\n", 6);
	*len = k + 6;
	return p;
}

/* A few evidence files on Annex A controls, stored as the upload form does
 * (store_evidence_add, which audits them as changes of the entry). */
static void make_evidence(struct gen *g, struct class_stats *cs)
{
	static const struct { const char *code, *name; } files[] = {
		{ "5.1", "Informationssäkerhetspolicy 2025.pdf" },
		{ "5.1", "Beslut KF informationssäkerhetspolicy.pdf" },
		{ "5.9", "Förteckning informationstillgångar.pdf" },
		{ "5.12", "Riktlinje informationsklassning.pdf" },
		{ "5.15", "Riktlinje åtkomststyrning.pdf" },
		{ "5.24", "Plan för incidenthantering.pdf" },
		{ "5.30", "Kontinuitetsplan IT 2025.pdf" },
		{ "5.35", "Revisionsrapport internrevision 2025.pdf" },
		{ "6.3", "Utbildningsplan informationssäkerhet 2025.pdf" },
		{ "8.8", "Sårbarhetsskanning kvartal 3.pdf" },
		{ "8.13", "Återläsningstest säkerhetskopior 2025.pdf" },
		{ "8.15", "Rutin för loggning och logganalys.pdf" },
	};
	const struct entity *e = E("soa-entries");
	struct list_query q = { .page = 1, .limit = 0 };
	struct jval *rows;
	struct arena *la = arena_new();
	if (store_list(g->st, la, e, g->org, &q, &rows, NULL) != STORE_OK)
		die(g, "soa-entries");
	/* store_evidence_add runs its own transaction. */
	if (store_commit(g->st) != STORE_OK)
		die(g, "commit");
	for (size_t i = 0; i < NELEM(files); i++) {
		act_as_someone(g);
		struct arena *a = arena_new();
		long long entry = 0;
		for (const struct jval *x = rows->first; x && !entry; x = x->next)
			if (strcmp(jv_get_str(x, "framework"), "iso27001") == 0 &&
			    strcmp(jv_get_str(x, "code"), files[i].code) == 0)
				entry = jv_get_int(x, "id", 0);
		size_t len;
		unsigned char *pdf = fake_pdf(files[i].name, (size_t)rint_in(2000, 40000), &len);
		const char *type = NULL;
		if (!entry || evidence_check(files[i].name, pdf, len, &type) != EVIDENCE_OK) {
			fprintf(stderr, "gen: no evidence for %s\n", files[i].code);
			exit(1);
		}
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, pdf, len);
		char hex[crypto_hash_sha256_BYTES * 2 + 1];
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		char now[CLOCK_ISO_LEN];
		clock_now_iso(now);
		long long fid;
		if (store_evidence_add(g->st, a, g->org, &g->who, entry, files[i].name, type, hex, pdf, len, now, &fid) !=
		    STORE_OK)
			die(g, "evidence");
		g->audit++; /* an update of the entry */
		g->updates++;
		cs->files++;
		free(pdf);
		arena_free(a);
	}
	arena_free(la);
	if (store_begin(g->st) != STORE_OK)
		die(g, "begin");
	g->ops = 0;
}

/* ---- risk analyses, risks and measures --------------------------------- */

/* Threats as a risk analysis names them: the scenario, the aspects it
 * affects, the requirement areas (code prefixes) its measures come from, a
 * vulnerability and the harm. */
struct threat {
	const char *title, *aspects, *areas, *vulnerability, *harm;
};

static const struct threat threats[] = {
	{ "Obehörig åtkomst till journaler", "K, S", "ACC LOG",
	  "Behörigheter följs inte upp när personal byter arbetsplats.",
	  "Känsliga personuppgifter röjs; integritetsintrång för enskilda och anmälan till IMY." },
	{ "Ransomware krypterar filserver", "R, T", "BAK VUL MON",
	  "Filservern delas av hela förvaltningen och säkerhetskopiorna nås från samma nät.",
	  "Handlingar går inte att nå på flera veckor; ärenden försenas och uppgifter kan gå förlorade." },
	{ "Nätfiske leder till kapat användarkonto", "K, R", "AUT PER",
	  "Inloggning sker med enbart lösenord och medarbetarna är inte utbildade i att känna igen nätfiske.",
	  "Angriparen läser och ändrar uppgifter i användarens namn." },
	{ "Långvarigt avbrott i driften hos leverantören", "T", "SUP CON",
	  "Avtalet saknar krav på återställningstid och det finns ingen reservrutin.",
	  "Verksamheten kan inte dokumentera eller handlägga; manuella rutiner räcker några dagar." },
	{ "Felaktiga uppgifter registreras i verksamhetssystemet", "R", "ACC DEV GOV",
	  "Inmatningen kontrolleras inte och rättningar görs utan att följas upp.",
	  "Beslut om enskilda fattas på felaktiga grunder." },
	{ "Personuppgifter skickas till fel mottagare via e-post", "K", "PER CRY",
	  "Adresser fylls i automatiskt och det finns ingen säker e-post för känsliga uppgifter.",
	  "Uppgifter under sekretess röjs för obehöriga; personuppgiftsincident som ska anmälas." },
	{ "Strömavbrott i serverhallen", "T", "PHY CON",
	  "Reservkraften är inte provad under belastning.",
	  "Alla system i serverhallen stannar; samhällsviktig verksamhet påverkas." },
	{ "Säkerhetskopior går inte att återläsa", "T, R", "BAK",
	  "Återläsning har aldrig testats för systemet.",
	  "Uppgifter går förlorade vid ett haveri och måste återskapas manuellt." },
	{ "Sårbarhet i webbgränssnittet utnyttjas", "K, R, T", "VUL DEV",
	  "Gränssnittet är exponerat mot internet och uppdateras sällan.",
	  "Uppgifter läcker eller ändras; tjänsten måste stängas under utredningen." },
	{ "Bärbar dator med personuppgifter stjäls", "K", "CRY PHY",
	  "Hårddisken är inte krypterad och uppgifter sparas lokalt.",
	  "Personuppgifter röjs; förtroendet för kommunen skadas." },
	{ "Inloggning utan tvåfaktorsautentisering", "K", "AUT",
	  "Systemet stöder inte inloggning via kommunens gemensamma identitetstjänst.",
	  "Ett läckt lösenord ger full åtkomst till uppgifterna." },
	{ "Loggar saknas vid incidentutredning", "S", "LOG MON",
	  "Åtkomst loggas inte eller sparas för kort tid.",
	  "Det går inte att utreda vem som tagit del av uppgifter; tillsynsmyndigheten kritiserar kommunen." },
	{ "Leverantören upphör med produkten", "T", "SUP GOV",
	  "Produkten är gammal och det finns ingen plan för ersättning.",
	  "Systemet måste bytas i all hast; uppgifter riskerar att inte kunna flyttas." },
	{ "Nätverksavbrott gör systemet otillgängligt", "T", "CON MON",
	  "Enheten har en enda förbindelse utan redundans.",
	  "Personalen kan inte nå planering och dokumentation under avbrottet." },
	{ "Tidigare anställda har kvar behörighet", "K, S", "ACC PER",
	  "Det saknas en rutin för att ta bort behörigheter när anställningen upphör.",
	  "Obehöriga kan ta del av uppgifter efter avslutad anställning." },
	{ "Skadlig kod sprids via USB-minne", "R, T", "VUL PHY",
	  "USB-portar är öppna och klienterna saknar applikationskontroll.",
	  "Klienter och servrar infekteras; verksamheten står still medan de återställs." },
	{ "Överbelastningsattack mot e-tjänsten", "T", "MON CON",
	  "E-tjänsten saknar skydd mot överbelastning.",
	  "Invånare kan inte använda tjänsten; ärenden måste tas emot på papper." },
	{ "Uppgifter överförs okrypterat mellan system", "K, R", "CRY",
	  "Integrationen använder en äldre filöverföring utan kryptering.",
	  "Uppgifter kan avlyssnas eller ändras under överföringen." },
	{ "Uppgifter lagras i molntjänst utanför EU", "K", "SUP GOV",
	  "Leverantörens underbiträden och lagringsplats är inte utredda.",
	  "Överföring i strid med dataskyddsförordningen; risk för sanktionsavgift." },
	{ "Administratörskonto komprometteras", "K, R, T, S", "AUT ACC LOG",
	  "Administratörer använder samma konto för administration och vardagsarbete.",
	  "Angriparen får full kontroll över systemet och kan dölja sina spår." },
	{ "Felaktig konfiguration efter uppgradering", "R, T", "DEV",
	  "Uppgraderingar görs direkt i produktion utan test.",
	  "Funktioner slutar fungera och uppgifter kan bli felaktiga." },
	{ "Brand i lokalen där utrustningen står", "T", "PHY CON",
	  "Lokalen saknar brandlarm kopplat till larmcentral.",
	  "Utrustning och pappershandlingar förstörs; lång återställning." },
	{ "Nyckelperson saknas vid störning", "T", "PER CON",
	  "Kunskapen om systemet finns hos en enda person och är inte dokumenterad.",
	  "Störningar tar lång tid att åtgärda." },
	{ "Obehörig ändring av beslut i ärendehanteringen", "R, S", "ACC LOG",
	  "Alla handläggare kan ändra registrerade beslut.",
	  "Felaktiga beslut verkställs och det går inte att visa vem som ändrat." },
	{ "Skyddade personuppgifter röjs", "K", "ACC PER",
	  "Markeringen för skyddade personuppgifter syns inte i alla vyer.",
	  "Fara för liv och hälsa för personer med skyddad identitet." },
	{ "Gallring sker inte enligt dokumenthanteringsplanen", "K, R", "GOV",
	  "Systemet saknar funktion för gallring.",
	  "Uppgifter sparas längre än tillåtet i strid med dataskyddsförordningen." },
	{ "Integration mot annat system slutar fungera", "T, R", "DEV MON",
	  "Integrationen övervakas inte och fel upptäcks först av användarna.",
	  "Uppgifter uppdateras inte; beslut fattas på inaktuellt underlag." },
	{ "Lösenord återanvänds och läcker", "K", "AUT PER",
	  "Lösenordsregler saknas och medarbetare använder samma lösenord privat.",
	  "Konton tas över med lösenord från läckor på andra webbplatser." },
	{ "Trådlöst nätverk avlyssnas", "K", "CRY",
	  "Gästnätet och verksamhetsnätet är inte åtskilda.",
	  "Trafik med personuppgifter kan avlyssnas." },
	{ "Leverantörens personal får åtkomst till mer än avtalat", "K, S", "SUP ACC LOG",
	  "Fjärråtkomsten för support är alltid öppen och loggas inte.",
	  "Uppgifter röjs för leverantörens personal utan att det märks." },
	{ "Manipulation av styrsystem för tekniska anläggningar", "R, T", "VUL PHY MON",
	  "Styrsystemet är anslutet till kontorsnätet och har standardlösenord.",
	  "Anläggningen stannar eller styrs felaktigt; fara för allmänheten." },
	{ "Patchning uteblir för äldre servrar", "K, R, T", "VUL",
	  "Servrarna kör ett operativsystem som leverantören inte längre stöder.",
	  "Kända sårbarheter kan utnyttjas för intrång." },
	{ "Utskrifter med känsliga uppgifter blir liggande", "K", "PER PHY",
	  "Skrivare står i allmänna utrymmen och utskrifter släpps utan inloggning.",
	  "Uppgifter under sekretess röjs för besökare." },
	{ "Felaktig utbetalning till enskild", "R", "ACC DEV LOG",
	  "Utbetalningar attesteras av samma person som registrerat dem.",
	  "Ekonomisk skada för kommunen och den enskilde; risk för bedrägeri." },
	{ "Kontinuitetsplanen är inte övad", "T", "CON",
	  "Planen finns men har inte övats och kontaktuppgifterna är inaktuella.",
	  "Återställningen tar längre tid än verksamheten tål." },
	{ "Incident upptäcks inte i tid", "K, R, T, S", "MON LOG",
	  "Larm från systemet går till en brevlåda som ingen bevakar.",
	  "Ett intrång pågår i veckor innan det upptäcks." },
	{ "Personuppgiftsbiträdesavtal saknas", "K", "SUP GOV",
	  "Avtalet tecknades innan dataskyddsförordningen och har inte förnyats.",
	  "Behandlingen saknar stöd i avtal; kommunen kan inte styra leverantörens behandling." },
	{ "Uppgifter raderas av misstag", "R, T", "BAK ACC",
	  "Användare har rätt att radera poster och det finns ingen papperskorg.",
	  "Uppgifter går förlorade och måste återskapas." },
	{ "Mobil enhet utan skärmlås tappas bort", "K", "CRY AUT",
	  "Mobilerna hanteras inte centralt och skärmlås är frivilligt.",
	  "Uppgifter i appar och e-post blir åtkomliga för upphittaren." },
	{ "Testmiljön innehåller verkliga personuppgifter", "K", "DEV GOV",
	  "Testmiljön fylls med en kopia av produktionsdata.",
	  "Personuppgifter exponeras för fler än nödvändigt, också hos leverantören." },
	{ "Social manipulation mot servicedesk", "K, R", "PER AUT",
	  "Servicedesk återställer lösenord efter ett telefonsamtal utan kontroll av identitet.",
	  "Angriparen får ett giltigt konto och kommer åt uppgifterna." },
	{ "Certifikat löper ut och tjänsten stoppas", "T", "CRY MON",
	  "Certifikatens giltighet bevakas inte.",
	  "Tjänsten blir otillgänglig tills ett nytt certifikat är installerat." },
	{ "Kommunikationslänk till verksamhetslokal bryts", "T", "CON",
	  "Lokalen har en enda förbindelse och ingen mobil reserv.",
	  "Larm och dokumentation fungerar inte under avbrottet." },
	{ "Behörighetsprofil ger för bred åtkomst", "K", "ACC",
	  "Alla användare får samma profil oavsett arbetsuppgifter.",
	  "Medarbetare kan ta del av uppgifter de inte behöver i sitt arbete." },
	{ "Ändringar i systemet görs utan spårbarhet", "R, S", "LOG DEV",
	  "Konfigurationsändringar dokumenteras inte.",
	  "Fel går inte att spåra och ansvar går inte att utkräva." },
	{ "Kylningen i serverrummet fallerar", "T", "PHY",
	  "Serverrummet har ett enda kylaggregat utan larm.",
	  "Servrarna stängs av vid överhettning; flera system blir otillgängliga." },
	{ "Inlåsning hos en enda leverantör", "T", "SUP",
	  "Uppgifterna kan inte exporteras i ett öppet format.",
	  "Kommunen kan inte byta leverantör utan att förlora uppgifter." },
};

/* When an analysis has more risks than threats: the same threat in another
 * setting. */
static const char *const threat_settings[] = {
	"extern part", "intern användare", "via leverantör", "vid fjärråtkomst", "nattetid",
	"under semesterperioden", "vid systembyte", "i mobil enhet",
};

static const char *const vulnerability_notes[] = {
	"Noterades redan vid förra analysen.",
	"Verksamheten känner till bristen men har inte prioriterat den.",
	"Bristen påtalades vid internrevisionen.",
	"Gäller särskilt vid hög arbetsbelastning.",
};

static const char *const treatment_reasons[4][3] = {
	{ NULL, NULL, NULL }, /* reduce: measures, no reason needed */
	{ "Befintliga skydd bedöms tillräckliga; kostnaden för ytterligare åtgärder står inte i proportion till risken.",
	  "Systemet ska avvecklas inom ett år; inga ytterligare åtgärder planeras.",
	  "Risken bedöms som låg och accepteras av riskägaren." },
	{ "Funktionen stängs av; verksamheten behöver den inte längre.",
	  "Uppgifterna hanteras inte längre i systemet.",
	  "Behandlingen upphör och uppgifterna gallras." },
	{ "Risken överförs till leverantören genom avtal med vite och krav på återställningstid.",
	  "Kommunens försäkring täcker kostnaderna vid ett avbrott.",
	  "Driften läggs ut på den gemensamma driftleverantören enligt ramavtal." },
};
static const char *const treatment_codes[4] = { "reduce", "accept", "avoid", "share" };

/* Measures by requirement area (the code prefix of the requirements they
 * implement). */
static const struct {
	const char *area, *titles[3];
} measure_kinds[] = {
	{ "ACC", { "Kvartalsvis genomgång av behörigheter", "Rutin för att ta bort behörighet vid avslutad anställning",
		   "Behörighetsprofiler efter arbetsuppgifter" } },
	{ "AUT", { "Införa tvåfaktorsautentisering", "Inloggning via kommunens gemensamma identitetstjänst",
		   "Spärra svaga och läckta lösenord" } },
	{ "BAK", { "Säkerhetskopiering med kopia utanför nätet", "Årligt test av återläsning",
		   "Separera lagringen av säkerhetskopior" } },
	{ "CON", { "Ta fram kontinuitetsplan för systemet", "Öva reservrutiner med verksamheten",
		   "Reservförbindelse via mobilnätet" } },
	{ "CRY", { "Kryptera hårddiskar på bärbara datorer", "Krypterad överföring (TLS) för alla integrationer",
		   "Bevaka certifikatens giltighet" } },
	{ "DEV", { "Ändringshantering med test före driftsättning", "Avidentifierade testdata",
		   "Säkerhetskrav i förvaltningsplanen" } },
	{ "GOV", { "Uppdatera dokumenthanteringsplanen med gallringsfrister", "Utse systemägare och informationsägare",
		   "Besluta om riktlinje för molntjänster" } },
	{ "LOG", { "Central loggning av åtkomst", "Månatlig uppföljning av loggar",
		   "Skydda loggarna mot ändring" } },
	{ "MON", { "Övervakning med larm dygnet runt", "Ansluta systemet till kommunens SOC",
		   "Skydd mot överbelastningsattacker" } },
	{ "PER", { "Utbildning i informationssäkerhet för personalen", "Nätfiskeövning för alla medarbetare",
		   "Rutin för att kontrollera identitet vid telefonsamtal" } },
	{ "PHY", { "Passerkontroll till serverrummet", "Reservkraft (UPS) för kritisk utrustning",
		   "Brandlarm kopplat till larmcentral" } },
	{ "SUP", { "Säkerhetskrav i avtalet med leverantören", "Teckna personuppgiftsbiträdesavtal",
		   "Årlig säkerhetsuppföljning med leverantören" } },
	{ "VUL", { "Månatlig patchning av servrar", "Sårbarhetsskanning varje kvartal",
		   "Uppgradera till en version med support" } },
};

static const char *const measure_descriptions[] = {
	"Systemförvaltaren tar fram ett förslag som beslutas i förvaltningsgruppen.",
	"Genomförs tillsammans med IT-avdelningen och leverantören.",
	"Kostnaden ryms i förvaltningsbudgeten.",
	"Kräver beslut om finansiering i nästa års budget.",
	"Följs upp på förvaltningsmötet varje kvartal.",
	"Ingår i den gemensamma handlingsplanen för informationssäkerhet.",
};

static const char *const risk_participant_roles[] = { "systemförvaltare", "informationssäkerhetssamordnare",
						      "IT-tekniker", "verksamhetsutvecklare", "dataskyddsombud",
						      "leverantörens tekniker", "handläggare" };

/* "Anna Andersson (systemägare)", one per line: who led, then 1-4 more. */
static const char *risk_participants(struct arena *a, const char *lead)
{
	size_t n = (size_t)rint_in(2, 5);
	const char *s = "";
	for (size_t i = 0; i < n; i++)
		s = arena_printf(a, "%s%s%s %s (%s)", s, i ? "\n" : "", PICK(first_names), PICK(last_names),
				 i == 0 ? lead : PICK(risk_participant_roles));
	return s;
}

/* A level of an n-level scale, most often in the middle. */
static int draw_risk_level(int n, const double *cum)
{
	if (n != 5)
		return (int)rint_in(1, n);
	double x = rfrac();
	int l = 1;
	while (l < 5 && x >= cum[l - 1])
		l++;
	return l;
}

struct risk_stats {
	long long analyses, scope[5], decided, drafts;
	long long risks, bands[RISK_BANDS_MAX], treatment[4], residual, accepted, asset_links;
	long long measures, status[4], overdue, requirement_links, control_links;
	double s_analyses, s_risks, s_measures; /* seconds each took */
};

static double now_s(void);

struct gen_analysis {
	long long id, owner, admin; /* admin: the system's administrator, or 0 */
	size_t sys;                 /* index into the view's systems, or SIZE_MAX */
	size_t unit;                /* index into units, or SIZE_MAX */
	long long ago, decided_ago; /* days before today; decided_ago < 0: a draft */
	double weight;              /* its share of the risks */
	long long nrisks;
};

struct gen_risk {
	long long id;
	size_t analysis, threat;
	double weight; /* its share of the measures */
};

static void add_analysis(struct gen_analysis **an, size_t *n, size_t *cap, struct gen_analysis x)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 1024;
		*an = realloc(*an, *cap * sizeof **an);
		if (!*an)
			abort();
	}
	(*an)[(*n)++] = x;
}

/* Split total into n parts in proportion to w (exactly total in all). */
static void apportion(long long total, size_t n, const double *w, long long *out)
{
	double sum = 0, cum = 0;
	for (size_t i = 0; i < n; i++)
		sum += w[i];
	long long prev = 0;
	for (size_t i = 0; i < n; i++) {
		cum += w[i];
		long long upto = i + 1 == n ? total : sum > 0 ? (long long)((double)total * cum / sum) : 0;
		out[i] = upto - prev;
		prev = upto;
	}
}

/* The year of a "YYYY-MM-DD" date. */
static int year_of(const char *date)
{
	return atoi(date);
}

/* Risk analyses on the method `tillit init` seeds (its latest version,
 * read from the database): one for about 70 % of the running systems,
 * about one per unit, two each of the shared IT environment and the IT
 * infrastructure, analysed within the last four years, most decided; then
 * n_risks risks over them and n_measures measures over the risks. */
static void make_risks(struct gen *g, long long n_risks, long long n_measures, struct risk_stats *rs)
{
	struct gen_view v;
	view_load(g, &v, 0);
	struct arena *la = v.a; /* lives as long as the view */
	long long method_id = risk_method_latest(g->st, la, g->org);
	struct risk_method m;
	if (!method_id || risk_method_load(g->st, la, g->org, method_id, &m) != 0)
		die(g, "risk method");
	static const double l_cum[4] = { 0.12, 0.38, 0.70, 0.90 }; /* 12/26/32/20/10 % */
	static const double c_cum[4] = { 0.08, 0.30, 0.65, 0.90 }; /* 8/22/35/25/10 % */
	size_t ns = v.nsystems;

	/* Requirements by area, and the Annex A controls that apply. */
	struct list reqs[NELEM(measure_kinds)] = { { 0 } }, annex_a = { 0 };
	for (size_t q = 0; q < v.nrequirements; q++) {
		const struct view_requirement *r = &v.requirements[q];
		for (size_t k = 0; r->active && k < NELEM(measure_kinds); k++)
			if (strncmp(r->code, measure_kinds[k].area, 3) == 0)
				push(&reqs[k], r->id);
	}
	for (size_t c = 0; c < v.ncontrols; c++)
		if (v.controls[c].applicable && strcmp(v.controls[c].framework, "iso27001") == 0)
			push(&annex_a, v.controls[c].id);

	/* The IT department's head answers for the shared environment. */
	long long it_head = 0;
	for (size_t i = 0; i < nunits && !it_head; i++)
		if (strcmp(units[i].name, "IT-avdelningen") == 0)
			it_head = units[i].manager;
	if (!it_head)
		it_head = pick_from(&all_managers);

	/* The analyses. */
	double t0 = now_s();
	struct gen_analysis *an = NULL;
	size_t nan = 0, an_cap = 0;
	for (size_t i = 0; i < ns; i++) {
		const struct view_system *s = &v.systems[i];
		if (!gap_lifecycle_running(s->lifecycle) || !chance(0.7))
			continue;
		add_analysis(&an, &nan, &an_cap,
			     (struct gen_analysis){ .sys = i, .unit = SIZE_MAX,
						    .owner = s->owner_id ? s->owner_id : pick_from(&all_managers),
						    .admin = s->administrator_id, .ago = rint_in(0, 4 * 365 - 1),
						    .weight = (double)rint_in(10, 40) });
	}
	for (size_t u = 0; u < nunits; u++) {
		if (chance(0.08)) /* analysed before, too */
			add_analysis(&an, &nan, &an_cap,
				     (struct gen_analysis){ .sys = SIZE_MAX, .unit = u, .owner = units[u].manager,
							    .ago = rint_in(2 * 365, 4 * 365 - 1),
							    .weight = (double)rint_in(8, 25) });
		if (chance(0.92))
			add_analysis(&an, &nan, &an_cap,
				     (struct gen_analysis){ .sys = SIZE_MAX, .unit = u, .owner = units[u].manager,
							    .ago = rint_in(0, 2 * 365), .weight = (double)rint_in(8, 25) });
	}
	size_t shared_from = nan;
	for (int k = 0; k < 4; k++)
		add_analysis(&an, &nan, &an_cap,
			     (struct gen_analysis){ .sys = SIZE_MAX, .unit = SIZE_MAX, .owner = it_head,
						    .ago = k % 2 ? rint_in(30, 200) : rint_in(500, 900),
						    .weight = (double)rint_in(120, 200) });
	{
		double *w = calloc(nan ? nan : 1, sizeof *w);
		long long *n = calloc(nan ? nan : 1, sizeof *n);
		if (!w || !n)
			abort();
		for (size_t i = 0; i < nan; i++)
			w[i] = an[i].weight;
		apportion(n_risks, nan, w, n);
		for (size_t i = 0; i < nan; i++)
			an[i].nrisks = n[i];
		free(w), free(n);
	}
	const struct entity *ae = E("risk-analyses"), *re = E("risks"), *me = E("measures");
	for (size_t i = 0; i < nan; i++) {
		struct gen_analysis *x = &an[i];
		next_op(g);
		act_as_someone(g);
		struct arena *a = g->a;
		struct jval *r = jv_obj(a);
		const char *on = date_in(a, -x->ago), *lead, *name, *what;
		const char *scope;
		if (x->sys != SIZE_MAX) {
			scope = "system";
			name = what = v.systems[x->sys].name;
			lead = "systemägare";
			jv_set_int(a, r, "system_id", v.systems[x->sys].id);
		} else if (x->unit != SIZE_MAX) {
			scope = "unit";
			name = what = units[x->unit].name;
			lead = "chef";
			jv_set_int(a, r, "unit_id", units[x->unit].id);
		} else {
			int infra = (i - shared_from) >= 2;
			scope = infra ? "infrastructure" : "shared_it";
			name = infra ? "IT-infrastruktur" : "gemensam IT-miljö";
			what = infra ? "IT-infrastrukturen" : "den gemensamma IT-miljön";
			lead = "IT-chef";
		}
		jv_set_str(a, r, "title", arena_printf(a, "Riskanalys %s %d", name, year_of(on)));
		jv_set_str(a, r, "scope", scope);
		jv_set_int(a, r, "method_id", method_id);
		jv_set_str(a, r, "analysed_on", on);
		jv_set_str(a, r, "participants", risk_participants(a, lead));
		if (x->owner)
			jv_set_int(a, r, "risk_owner_id", x->owner);
		/* The earlier analysis of the shared environment and of the
		 * infrastructure was decided. */
		int decided = (x->sys == SIZE_MAX && x->unit == SIZE_MAX && x->ago > 365) ||
			      chance(x->ago > 365 ? 0.95 : 0.7);
		x->decided_ago = -1;
		if (decided) {
			long long d = x->ago - rint_in(7, 60);
			x->decided_ago = d > 0 ? d : 0;
			jv_set_str(a, r, "status", "decided");
			jv_set_int(a, r, "decided_by_id", x->owner ? x->owner : pick_from(&all_managers));
			jv_set_str(a, r, "decided_on", date_in(a, -x->decided_ago));
			if (chance(0.6))
				jv_set_str(a, r, "summary",
					   arena_printf(a, "Analysen omfattar %s. %lld risker identifierades; åtgärderna följs upp"
							   " i den gemensamma handlingsplanen.", what, x->nrisks));
			rs->decided++;
		} else {
			jv_set_str(a, r, "status", "draft");
			rs->drafts++;
		}
		x->id = create(g, ae, r);
		rs->analyses++;
		rs->scope[strcmp(scope, "system") == 0 ? 0 : strcmp(scope, "unit") == 0 ? 2
			  : strcmp(scope, "shared_it") == 0 ? 3 : 4]++;
	}

	rs->s_analyses = now_s() - t0;
	t0 = now_s();

	/* The risks. */
	struct gen_risk *rk = malloc((size_t)(n_risks ? n_risks : 1) * sizeof *rk);
	if (!rk)
		abort();
	size_t nrk = 0;
	const size_t nt = NELEM(threats); /* 47, a prime: every step visits all */
	for (size_t i = 0; i < nan; i++) {
		const struct gen_analysis *x = &an[i];
		size_t start = rnd() % nt, step = 1 + rnd() % (nt - 1);
		for (long long k = 0; k < x->nrisks; k++) {
			size_t t = (start + (size_t)k * step) % nt;
			const struct threat *th = &threats[t];
			next_op(g);
			act_as_someone(g);
			struct arena *a = g->a;
			struct jval *r = jv_obj(a);
			jv_set_int(a, r, "analysis_id", x->id);
			jv_set_str(a, r, "title", (size_t)k < nt ? th->title
							  : arena_printf(a, "%s (%s)", th->title, PICK(threat_settings)));
			jv_set_str(a, r, "vulnerability", chance(0.25) ? arena_printf(a, "%s %s", th->vulnerability,
										       PICK(vulnerability_notes))
								       : th->vulnerability);
			if (chance(0.9))
				jv_set_str(a, r, "harm", th->harm);
			/* The information it affects: 1-2 assets of the system. */
			long long assets[2] = { 0 };
			size_t nas = 0;
			if (x->sys != SIZE_MAX && v.systems[x->sys].nassets > 0 && chance(0.8)) {
				size_t have = v.systems[x->sys].nassets;
				nas = have > 1 && chance(0.35) ? 2 : 1;
				for (size_t q = 0; q < nas; q++)
					assets[q] = v.systems[x->sys].assets[rnd() % have];
			} else if (x->unit != SIZE_MAX && units[x->unit].area >= 0 && chance(0.3)) {
				assets[nas++] = pick_from(&idx[units[x->unit].area].assets);
			}
			struct jval *ids = ids_array(a, assets, nas);
			if (ids->len)
				jv_set(r, "asset_ids", ids);
			rs->asset_links += (long long)ids->len;
			jv_set_str(a, r, "aspects", th->aspects);
			int l = draw_risk_level(m.nlikelihood, l_cum), c = draw_risk_level(m.nconsequence, c_cum);
			int val = risk_value(&m, l, c), band = risk_band_of(&m, val);
			jv_set_int(a, r, "likelihood", l);
			jv_set_int(a, r, "consequence", c);
			jv_set_int(a, r, "value", val);
			if (band >= 0)
				jv_set_str(a, r, "band", m.bands[band].name);
			/* The analysis's risk owner, as risks_prepare fills in;
			 * now and then the system administrator. */
			long long owner = x->admin && chance(0.1) ? x->admin : x->owner;
			if (owner)
				jv_set_int(a, r, "risk_owner_id", owner);
			double tx = rfrac();
			int tr = tx < 0.80 ? 0 : tx < 0.92 ? 1 : tx < 0.95 ? 2 : 3;
			jv_set_str(a, r, "treatment", treatment_codes[tr]);
			if (tr)
				jv_set_str(a, r, "treatment_reason", PICK(treatment_reasons[tr]));
			/* Residual risk: on about half, more often once decided;
			 * an accepted risk keeps its levels. */
			int decided = x->decided_ago >= 0;
			int rl = 0, rc = 0;
			if (tr == 1 ? decided || chance(0.3) : chance(decided ? 0.55 : 0.25)) {
				rl = tr == 1 ? l : l > 1 ? l - (int)rint_in(1, l > 2 ? 2 : 1) : 1;
				rc = tr == 1 || c == 1 || chance(0.7) ? c : c - 1;
				int rv = risk_value(&m, rl, rc), rb = risk_band_of(&m, rv);
				jv_set_int(a, r, "residual_likelihood", rl);
				jv_set_int(a, r, "residual_consequence", rc);
				jv_set_int(a, r, "residual_value", rv);
				if (rb >= 0)
					jv_set_str(a, r, "residual_band", m.bands[rb].name);
				rs->residual++;
				/* Accepted when the analysis was decided. */
				if (decided && (tr == 1 ? chance(0.9) : chance(0.35))) {
					const char *acc_on = date_in(a, -x->decided_ago);
					jv_set_int(a, r, "accepted_by_id", x->owner ? x->owner : pick_from(&all_managers));
					jv_set_str(a, r, "accepted_on", acc_on);
					jv_set_str(a, r, "accepted_body", "Kommunstyrelsen");
					jv_set_str(a, r, "case_number",
						   arena_printf(a, "KS %d/%lld", year_of(acc_on), rint_in(10, 999)));
					rs->accepted++;
				}
			}
			long long id = create(g, re, r);
			/* Measures: mostly on risks being reduced (a few of them
			 * none yet), now and then on the others. */
			double w = tr == 0 ? (chance(0.04) ? 0 : (double)rint_in(1, 4)) : chance(0.4) ? 1 : 0;
			rk[nrk++] = (struct gen_risk){ .id = id, .analysis = i, .threat = t, .weight = w };
			rs->risks++;
			if (band >= 0)
				rs->bands[band]++;
			rs->treatment[tr]++;
		}
	}

	rs->s_risks = now_s() - t0;
	t0 = now_s();

	/* The measures. */
	{
		double *w = calloc(nrk ? nrk : 1, sizeof *w);
		long long *n = calloc(nrk ? nrk : 1, sizeof *n);
		if (!w || !n)
			abort();
		for (size_t i = 0; i < nrk; i++)
			w[i] = rk[i].weight;
		apportion(n_measures, nrk, w, n);
		for (size_t i = 0; i < nrk; i++) {
			const struct gen_risk *k = &rk[i];
			const struct gen_analysis *x = &an[k->analysis];
			const struct threat *th = &threats[k->threat];
			for (long long j = 0; j < n[i]; j++) {
				next_op(g);
				act_as_someone(g);
				struct arena *a = g->a;
				struct jval *r = jv_obj(a);
				/* One of the threat's requirement areas. */
				size_t nareas = (strlen(th->areas) + 1) / 4, kind = 0;
				const char *area = th->areas + 4 * (rnd() % nareas);
				while (kind + 1 < NELEM(measure_kinds) && strncmp(measure_kinds[kind].area, area, 3) != 0)
					kind++;
				const char *title = PICK(measure_kinds[kind].titles);
				jv_set_int(a, r, "risk_id", k->id);
				jv_set_str(a, r, "title", x->sys != SIZE_MAX && chance(0.35)
								? arena_printf(a, "%s i %s", title, v.systems[x->sys].name)
								: title);
				if (chance(0.7))
					jv_set_str(a, r, "description", PICK(measure_descriptions));
				long long owner = x->admin && chance(0.6) ? x->admin
						  : x->unit != SIZE_MAX && units[x->unit].area >= 0 && chance(0.5)
							  ? pick_from(&idx[units[x->unit].area].people)
						  : chance(0.6) && x->owner ? x->owner : pick_from(&all_managers);
				if (owner)
					jv_set_int(a, r, "owner_id", owner);
				long long due = rint_in(-730, 730);
				jv_set_str(a, r, "due_date", date_in(a, due));
				double sx = rfrac();
				int st = sx < 0.35 ? 0 : sx < 0.60 ? 1 : sx < 0.95 ? 2 : 3;
				static const char *const statuses[] = { "planned", "in_progress", "done", "cancelled" };
				jv_set_str(a, r, "status", statuses[st]);
				/* The requirements it implements (of its area) and
				 * now and then an Annex A control. */
				long long req[2] = { 0 }, ctl[1] = { 0 };
				size_t nreq = reqs[kind].n && chance(0.5) ? (size_t)rint_in(1, 2) : 0, nctl = 0;
				for (size_t q = 0; q < nreq; q++)
					req[q] = pick_from(&reqs[kind]);
				if (annex_a.n && chance(0.3)) {
					/* A control the first requirement implements, if any. */
					const struct view_requirement *r0 = nreq ? view_requirement(&v, req[0]) : NULL;
					for (size_t q = 0; r0 && q < r0->ncontrols && !nctl; q++)
						if (chance(0.5))
							ctl[nctl++] = r0->controls[q];
					if (!nctl)
						ctl[nctl++] = pick_from(&annex_a);
				}
				struct jval *ra = ids_array(a, req, nreq), *ca = ids_array(a, ctl, nctl);
				if (ra->len)
					jv_set(r, "requirement_ids", ra);
				if (ca->len)
					jv_set(r, "control_ids", ca);
				create(g, me, r);
				rs->measures++;
				rs->status[st]++;
				rs->overdue += st <= 1 && due < 0;
				rs->requirement_links += (long long)ra->len;
				rs->control_links += (long long)ca->len;
			}
		}
		free(w), free(n);
	}
	rs->s_measures = now_s() - t0;
	for (size_t k = 0; k < NELEM(measure_kinds); k++)
		free(reqs[k].v);
	free(annex_a.v);
	free(an), free(rk);
	view_free(&v);
}

/* The derived rows — gaps, SoA coverage, risk picture, joint action plan
 * — built from scratch as `tillit gaps rebuild` does (gen writes through
 * store_insert/store_update, so nothing kept them in step while it ran),
 * timed; then the open gaps by kind as the server counts them, and a check
 * that the classification gen drew from (view_load) is the one the server
 * now holds for every system. */
static void rebuild_derived(struct gen *g)
{
	double t = now_s();
	long long evaluated = 0;
	if (derived_rebuild(g->st, g->org, &evaluated) != STORE_OK)
		die(g, "gaps rebuild");
	printf("derived rebuilt  %8lld records evaluated  %6.1f s\n", evaluated, now_s() - t);

	char today[11];
	clock_today(today);
	long long counts[GAP_KIND_COUNT] = { 0 }, total = 0;
	if (store_gap_counts(g->st, g->org, NULL, today, counts) != STORE_OK)
		die(g, "gap counts");
	for (int k = 0; k < GAP_KIND_COUNT; k++)
		total += counts[k];
	printf("gaps             %8lld:", total);
	for (int k = 0; k < GAP_KIND_COUNT; k++)
		if (counts[k])
			printf(" %s %lld", gap_kind_code((enum gap_kind)k), counts[k]);
	printf("\n");

	struct gen_view v;
	view_load(g, &v, 1);
	size_t differ = 0;
	for (size_t i = 0; i < v.nsystems; i++) {
		struct levels lv;
		int classified;
		if (store_system_levels(g->st, g->org, v.systems[i].id, &lv, &classified) != STORE_OK)
			die(g, "system levels");
		if (classified != v.systems[i].classified || memcmp(&lv, &v.systems[i].eff, sizeof lv) != 0)
			differ++;
	}
	if (differ)
		printf("levels check     %8zu of %zu systems: the classification gen drew from differs from the"
		       " server's (system_state)\n", differ, v.nsystems);
	else
		printf("levels check     %8zu systems: as the server holds them\n", v.nsystems);
	view_free(&v);
}


/* ---- incidents (issue 13) ------------------------------------------------ */

static const char *const incident_titles[] = {
	"Nätfiskemejl med länk till falsk inloggning", "Utpressningsprogram på en arbetsplatsdator",
	"Borttappad mobiltelefon", "Stulen bärbar dator", "Mejl med personuppgifter till fel mottagare",
	"Avbrott i verksamhetssystemet", "Obehörig inloggning på delat konto", "Leverantörens molntjänst nere",
	"USB-minne med elevuppgifter borta", "Skadlig kod i bifogad fil", "Fel behörighet i journalsystemet",
	"Överbelastningsattack mot e-tjänsterna", "Handlingar kvarglömda på skrivaren", "Lösenord delat i chatt",
	"Strömavbrott i serverhallen", "Felaktig utlämning av allmän handling",
};
static const char *const event_texts[] = {
	"Användaren kontaktade IT-supporten.", "Kontot spärrades och lösenordet byttes.",
	"Datorn togs ur nätverket och ominstallerades.", "Leverantören bekräftade felet och arbetar med det.",
	"Loggar från brandväggen sparades för analys.", "Berörda verksamheter informerades.",
	"Tjänsten fungerar igen efter omstart.", "Ärendet överlämnades till säkerhetschefen.",
	"Mottagaren ombads radera mejlet och bekräftade det.", "Incidenten bedömdes och fick en kategori.",
};
static const char *const event_kinds[] = { "mitigation", "observation", "communication", "status_changed",
					   "assessment", "other" };

struct incident_stats_gen {
	long long incidents, events, reports, closed, significant, breaches, late, with_supplier;
	double s;
};

static const char *ts_text(struct arena *a, long long t)
{
	char b[TS_LEN];
	ts_format(t, b);
	return arena_strdup(a, b);
}

static long long first_id(struct gen *g, const char *entity, struct list *out)
{
	struct list_query q = { .page = 1, .limit = 0 };
	struct jval *rows;
	if (store_list(g->st, g->a, entity_find(entity), g->org, &q, &rows, NULL) != STORE_OK)
		die(g, entity);
	for (const struct jval *r = rows->first; r; r = r->next)
		push(out, jv_get_int(r, "id", 0));
	return out->n ? out->v[0] : 0;
}

static void incident_report(struct gen *g, long long inc, const char *kind, long long sent, long long author,
			    struct incident_stats_gen *is)
{
	struct jval *r = jv_obj(g->a);
	jv_set_int(g->a, r, "incident_id", inc);
	jv_set_str(g->a, r, "kind", kind);
	jv_set_str(g->a, r, "sent_at", ts_text(g->a, sent));
	jv_set_str(g->a, r, "reference", arena_printf(g->a, "%s-%lld", kind[0] == 'g' ? "IMY" : "CERT", inc));
	jv_set_str(g->a, r, "recipient", kind[0] == 'g' ? "Integritetsskyddsmyndigheten (IMY)" : "CERT-SE");
	jv_set_int(g->a, r, "author_id", author);
	create(g, E("incident-reports"), r);
	next_op(g);
	is->reports++;
}

/* ---- governing documents (issue 14) ------------------------------------------ */

/* A fresh arena between writes that are each their own transaction. */
static void fresh_arena(struct gen *g)
{
	arena_free(g->prev);
	g->prev = g->a;
	g->a = arena_new();
}

struct document_stats {
	long long documents, versions, asked, confirmed;
	double s;
};

/* n governing documents (most adopted, a tenth drafts) with one to three
 * versions each, owned by people drawn from all; then the administrations
 * asked to read the current versions of adopted documents until about
 * target people are asked, and three in five of them confirming. The
 * requests and confirmations go through the store as the pages make them
 * (each its own transaction). */
static void make_documents(struct gen *g, long long n, long long target, struct document_stats *ds)
{
	double t0 = now_s();
	static const char *const kinds[] = { "policy", "guideline", "routine", "routine", "instruction", "plan" };
	static const char *const names[] = { "Informationssäkerhetspolicy", "Riktlinje för informationssäkerhet",
					     "Rutin för behörigheter", "Rutin för incidenthantering", "Instruktion för lösenord",
					     "Plan för kontinuitet", "Rutin för säkerhetskopiering", "Riktlinje för molntjänster" };
	struct list adopted = { 0 }, current = { 0 };
	for (long long i = 0; i < n; i++) {
		struct jval *r = jv_obj(g->a);
		int is_adopted = !chance(0.1);
		char decided[11]; /* outlives the arenas of the writes below */
		snprintf(decided, sizeof decided, "%s", date_in(g->a, -rint_in(30, 1100)));
		int months = (int)(12 * rint_in(1, 3));
		char next[11];
		jv_set_str(g->a, r, "title", arena_printf(g->a, "%s %lld", names[i % NELEM(names)], i + 1));
		jv_set_str(g->a, r, "kind", kinds[rnd() % NELEM(kinds)]);
		jv_set_int(g->a, r, "owner_id", pick_from(&all_people));
		jv_set_str(g->a, r, "status", is_adopted ? "adopted" : "draft");
		jv_set_bool(g->a, r, "published", is_adopted);
		jv_set_str(g->a, r, "adopted_by", "executive_board");
		jv_set_str(g->a, r, "decision_date", decided);
		jv_set_str(g->a, r, "case_number", arena_printf(g->a, "KS %.4s/%lld", decided, 100 + i));
		jv_set_int(g->a, r, "review_interval_months", months);
		jv_set_bool(g->a, r, "next_review_manual", 0);
		if (document_next_review(decided, NULL, months, next) == 0)
			jv_set_str(g->a, r, "next_review", next);
		long long doc = create(g, E("governing-documents"), r);
		next_op(g);
		ds->documents++;
		long long nv = rint_in(1, 3), vid = 0;
		for (long long k = 0; k < nv; k++) {
			struct jval *v = jv_obj(g->a);
			jv_set_int(g->a, v, "document_id", doc);
			jv_set_str(g->a, v, "label", arena_printf(g->a, "%lld.0", k + 1));
			/* The earlier versions a year apart before the decision. */
			char vdate[11];
			if (date_add_days(decided, -365 * (nv - 1 - k), vdate) != 0)
				memcpy(vdate, decided, 11);
			jv_set_str(g->a, v, "version_date", vdate);
			vid = create(g, E("document-versions"), v);
			next_op(g);
			ds->versions++;
		}
		if (is_adopted) {
			push(&adopted, doc);
			push(&current, vid);
		}
	}
	if (store_commit(g->st) != STORE_OK)
		die(g, "commit");
	struct list admins = { 0 };
	for (size_t i = 0; i <= COMPANIES; i++)
		if (idx[i].administration)
			push(&admins, idx[i].administration);
	char now[CLOCK_ISO_LEN], today[11];
	clock_now_iso(now);
	clock_today(today);
	for (size_t i = 0; adopted.n && admins.n && ds->asked < target && i < 100000; i++) {
		size_t d = (size_t)(rnd() % adopted.n);
		long long asked = 0;
		if (store_doc_ask(g->st, g->a, g->org, &g->who, adopted.v[d], current.v[d], "unit",
				  admins.v[rnd() % admins.n], NULL, date_in(g->a, rint_in(-30, 60)), today, now, &asked) != STORE_OK)
			die(g, "ask");
		ds->asked += asked;
		g->audit++;
		fresh_arena(g);
	}
	/* Three in five of those asked confirm (one transaction each). */
	for (size_t p = 0; p < all_people.n; p++) {
		struct doc_ack_pending *pend;
		size_t np;
		long long total;
		if (store_doc_acks_pending(g->st, g->a, g->org, all_people.v[p], 100, &pend, &np, &total) != STORE_OK)
			die(g, "pending");
		for (size_t k = 0; k < np; k++) {
			if (!chance(0.6))
				continue;
			int outcome;
			if (store_doc_ack_confirm(g->st, g->a, g->org, &g->who, all_people.v[p], pend[k].version_id, now,
						  &outcome) != STORE_OK)
				die(g, "confirm");
			if (outcome == DOC_ACK_OK) {
				ds->confirmed++;
				g->audit++;
			}
		}
		fresh_arena(g);
	}
	if (store_begin(g->st) != STORE_OK)
		die(g, "begin");
	g->ops = 0;
	free(adopted.v), free(current.v), free(admins.v);
	ds->s = now_s() - t0;
}

/* ---- training (issue 14) ------------------------------------------------------ */

struct training_stats {
	long long courses, sessions, attendances, planned;
	double s;
};

/* Twelve courses, and n sessions of 50 attendees each (exactly: 50 * n
 * attendances) over the last three years, a few planned in the coming two
 * months: staff courses drawn from everyone, the owners' and managers'
 * courses a fifth from the managers (who own the systems, so that many of
 * them lack classification or risk training), the elected officials'
 * course from the elected. The training requirements and terms of office
 * are those `tillit init` seeds. */
static void make_training(struct gen *g, long long n, struct training_stats *ts)
{
	double t0 = now_s();
	static const struct {
		const char *name, *topic, *audience;
		int weight;
	} courses[] = {
		{ "Grundläggande informationssäkerhet (webbutbildning)", "basics", "all_staff", 30 },
		{ "Grundläggande informationssäkerhet (lärarledd)", "basics", "all_staff", 12 },
		{ "Nätfiske och social manipulation", "phishing", "all_staff", 10 },
		{ "Att rapportera en incident", "incidents", "all_staff", 8 },
		{ "Dataskydd i vardagen", "privacy", "all_staff", 8 },
		{ "Klassning i praktiken", "classification", "all_staff", 4 },
		{ "Chefens ansvar för informationssäkerhet", "basics", "managers", 5 },
		{ "Informationsklassning för system- och informationsägare", "classification", "owners", 6 },
		{ "Riskanalys för system- och informationsägare", "risk", "owners", 6 },
		{ "Informationssäkerhet för förtroendevalda", "basics", "elected_officials", 6 },
		{ "Säkerhetsskydd och krisberedskap för förtroendevalda", "other", "elected_officials", 2 },
		{ "Fördjupning för säkerhetsfunktionen", "other", "security_function", 3 },
	};
	static const char *const rooms[] = { "Kommunhuset, sal Storken", "Teams", "Stadsbiblioteket",
					      "Webbutbildning", "Kulturhuset, lokal 2", "Teams" };
	long long ids[NELEM(courses)];
	double wsum = 0;
	for (size_t i = 0; i < NELEM(courses); i++) {
		struct jval *r = jv_obj(g->a);
		jv_set_str(g->a, r, "name", courses[i].name);
		jv_set_str(g->a, r, "topic", courses[i].topic);
		jv_set_str(g->a, r, "audience", courses[i].audience);
		ids[i] = create(g, E("trainings"), r);
		next_op(g);
		ts->courses++;
		wsum += courses[i].weight;
	}
	long long *att = malloc(50 * sizeof *att);
	for (long long i = 0; i < n; i++) {
		double w = rfrac() * wsum;
		size_t c = 0;
		while (c + 1 < NELEM(courses) && (w -= courses[c].weight) >= 0)
			c++;
		const char *aud = courses[c].audience;
		int elected = strcmp(aud, "elected_officials") == 0;
		int owners = strcmp(aud, "owners") == 0 || strcmp(aud, "managers") == 0;
		const struct list *pool = elected && elected_people.n >= 50 ? &elected_people : &all_people;
		size_t k = 0;
		while (k < 50) {
			long long p = owners && chance(0.2) ? pick_from(&all_managers) : pick_from(pool);
			int dup = 0;
			for (size_t j = 0; j < k && !dup; j++)
				dup = att[j] == p;
			if (!dup)
				att[k++] = p;
		}
		long long days = -rint_in(0, 3 * 365);
		if (chance(0.03))
			days = rint_in(1, 60), ts->planned++;
		struct jval *r = jv_obj(g->a);
		jv_set_int(g->a, r, "training_id", ids[c]);
		jv_set_str(g->a, r, "session_date", date_in(g->a, days));
		jv_set_str(g->a, r, "place", PICK(rooms));
		jv_set(r, "attendee_ids", ids_array(g->a, att, 50));
		create(g, E("training-sessions"), r);
		next_op(g);
		ts->sessions++;
		ts->attendances += 50;
	}
	free(att);
	ts->s = now_s() - t0;
}

/* ---- access reviews (issue 14) -------------------------------------------------- */

struct review_stats {
	long long reviews, completed, open, overdue, accounts, decided, keep, remove, change, measures, systems;
	double s;
};

static const char *const ar_roles[] = {
	"Användare", "Användare", "Användare", "Läsbehörighet", "Handläggare", "Handläggare, utökad",
	"Administratör", "Attestant", "Registrator", "Superanvändare", "Rapportbehörighet", "Support",
};
static const char *const ar_remove_reasons[] = {
	"Har slutat i kommunen.", "Har bytt tjänst och behöver inte längre systemet.",
	"Konto som inte använts på över ett år.", "Tjänstekonto som inte längre behövs.",
	"Konsultens uppdrag är avslutat.",
};
static const char *const ar_change_reasons[] = {
	"Behöver bara läsbehörighet i sin nya roll.", "Administratörsbehörigheten ska tas bort.",
	"Attesträtten ska begränsas till den egna enheten.", "Ska ha handläggarbehörighet, inte superanvändare.",
};

/* n access reviews with exactly n_accounts accounts among them, on the
 * running systems classified K >= 2 or R >= 2 (those the gap
 * access_review_overdue concerns), a campaign a year for each, the latest
 * first: the year's campaign due from 200 days ago to 60 days ahead (open
 * if not yet due; of those due, four in five completed, the rest open and
 * overdue), the earlier years' completed. 20-180 accounts each; every
 * account of a completed campaign decided (keep about 92 %, remove 5 %,
 * change 3 %, each removal and change with its reason), about half of an
 * open campaign's. The reviewer is the system owner (a manager where the
 * system has none). As model/access_review.c does on completion, each
 * removal and change of a completed campaign becomes a measure for the
 * system administrator (else the owner), due 30 days after completion —
 * done for the older ones. Written through the store (campaigns completed
 * as they are created), each with its "create" in the audit trail. */
static void make_access_reviews(struct gen *g, long long n, long long n_accounts, struct review_stats *rs)
{
	double t0 = now_s();
	struct gen_view v;
	view_load(g, &v, 1);
	struct list cand = { 0 };
	for (size_t i = 0; i < v.nsystems; i++)
		if (gap_lifecycle_running(v.systems[i].lifecycle) && v.systems[i].classified &&
		    (v.systems[i].eff.v[ASPECT_K] >= 2 || v.systems[i].eff.v[ASPECT_R] >= 2))
			push(&cand, (long long)i);
	if (!cand.n || !all_managers.n) {
		fprintf(stderr, "gen: no running systems classified K >= 2 or R >= 2 to review\n");
		exit(1);
	}
	rs->systems = (long long)(cand.n < (size_t)n ? cand.n : (size_t)n);
	double *w = calloc((size_t)n + 1, sizeof *w);
	long long *na = calloc((size_t)n + 1, sizeof *na);
	if (!w || !na)
		abort();
	for (long long i = 0; i < n; i++)
		w[i] = (double)rint_in(20, 180);
	apportion(n_accounts, (size_t)n, w, na);
	char today[11];
	clock_today(today);
	long long now = (long long)time(NULL);
	const struct entity *re = E("access-reviews"), *ae = E("access-review-accounts"), *me = E("measures");
	for (long long i = 0; i < n; i++) {
		const struct view_system *s = &v.systems[cand.v[(size_t)i % cand.n]];
		long long round = i / (long long)cand.n;
		long long due = rint_in(-200, 60) - 365 * round;
		int completed = due < 0 && (round > 0 || chance(0.8));
		long long done_day = completed ? due - rint_in(0, 30) : 0; /* days from today */
		long long reviewer = s->owner_id ? s->owner_id : pick_from(&all_managers);
		struct jval *sys = NULL;
		long long unit = 0;
		if (store_get(g->st, g->a, E("systems"), g->org, s->id, &sys) == STORE_OK)
			unit = jv_get_int(sys, "unit_id", 0);
		struct jval *r = jv_obj(g->a);
		jv_set_int(g->a, r, "system_id", s->id);
		jv_set_int(g->a, r, "reviewer_id", reviewer);
		jv_set_str(g->a, r, "due_date", date_in(g->a, due));
		jv_set_str(g->a, r, "status", completed ? "completed" : "open");
		if (completed)
			jv_set_str(g->a, r, "completed_on", date_in(g->a, done_day));
		if (unit)
			jv_set_int(g->a, r, "unit_id", unit);
		if (chance(0.3))
			jv_set_str(g->a, r, "notes", "Kontolistan är uttagen ur systemets administrationsgränssnitt.");
		long long review = create(g, re, r);
		next_op(g);
		rs->reviews++;
		rs->completed += completed;
		rs->open += !completed;
		rs->overdue += !completed && due < 0;
		double share = completed ? 1.0 : rfrac() * 0.9;
		long long admin = s->administrator_id ? s->administrator_id : s->owner_id;
		for (long long k = 0; k < na[i]; k++) {
			struct arena *a = g->a;
			size_t fi = rnd() % NELEM(first_names), li = rnd() % NELEM(last_names);
			char f[60], l[60];
			mail_part(f, sizeof f, first_names[fi]);
			mail_part(l, sizeof l, last_names[li]);
			const char *account = arena_printf(a, "%.3s%.3s%lld", f, l, k + 1);
			struct jval *x = jv_obj(a);
			jv_set_int(a, x, "review_id", review);
			jv_set_str(a, x, "account", account);
			jv_set_str(a, x, "name", arena_printf(a, "%s %s", first_names[fi], last_names[li]));
			jv_set_str(a, x, "roles", PICK(ar_roles));
			if (!chance(0.04))
				jv_set_str(a, x, "last_login", date_in(a, (completed ? done_day : 0) - rint_in(0, 400)));
			const char *decision = NULL, *comment = NULL;
			if (completed || rfrac() < share) {
				double u = rfrac();
				decision = u < 0.92 ? "keep" : u < 0.97 ? "remove" : "change";
				if (decision[0] == 'r')
					comment = PICK(ar_remove_reasons);
				else if (decision[0] == 'c')
					comment = PICK(ar_change_reasons);
				jv_set_str(a, x, "decision", decision);
				if (comment)
					jv_set_str(a, x, "comment", comment);
				jv_set_int(a, x, "decided_by", reviewer);
				long long at = completed ? now + 86400 * (done_day - rint_in(0, 14)) : now - rint_in(600, 40 * 86400);
				jv_set_str(a, x, "decided_at", ts_text(a, at));
				rs->decided++;
				rs->keep += decision[0] == 'k';
				rs->remove += decision[0] == 'r';
				rs->change += decision[0] == 'c';
			}
			create(g, ae, x);
			next_op(g);
			rs->accounts++;
			if (completed && comment) {
				struct jval *m = jv_obj(g->a);
				jv_set_int(g->a, m, "access_review_id", review);
				jv_set_str(g->a, m, "title",
					   arena_printf(g->a, decision[0] == 'r' ? "Ta bort kontot %s i %s" : "Ändra behörigheten för kontot %s i %s",
							account, s->name));
				jv_set_str(g->a, m, "description", arena_printf(g->a, "Granskarens kommentar: %s", comment));
				if (admin)
					jv_set_int(g->a, m, "owner_id", admin);
				long long mdue = done_day + 30;
				jv_set_str(g->a, m, "due_date", date_in(g->a, mdue));
				jv_set_str(g->a, m, "status", mdue < -30 ? (chance(0.9) ? "done" : "in_progress")
							      : chance(0.5) ? "planned" : "in_progress");
				create(g, me, m);
				next_op(g);
				rs->measures++;
			}
		}
	}
	free(w), free(na), free(cand.v);
	view_free(&v);
	rs->s = now_s() - t0;
}

/* n incidents over the five years up to now, evenly spread, oldest first:
 * categories, severities (mostly low), channels, a supplier for about one
 * in eight, one to three affected systems, a significant incident for
 * about 3 %, a personal data breach to report for about 5 %, 2-10 timeline
 * entries each, and the reports their deadlines call for (about one in
 * five late). Older incidents are closed, recent ones partly triaged. */
static void make_incidents(struct gen *g, long long n, struct incident_stats_gen *is)
{
	double t0 = now_s();
	struct list cats = { 0 }, sevs = { 0 }, systems = { 0 };
	first_id(g, "incident-categories", &cats);
	first_id(g, "incident-severities", &sevs);
	for (size_t i = 0; i <= COMPANIES; i++)
		for (size_t k = 0; k < idx[i].systems.n; k++)
			push(&systems, idx[i].systems.v[k]);
	if (!cats.n || !sevs.n || !systems.n || !all_people.n || !all_suppliers.n) {
		fprintf(stderr, "gen: no incident categories, severities, systems or people to draw incidents from\n");
		exit(1);
	}
	static const char *const channels[] = { "staff", "staff", "staff", "staff", "monitoring", "monitoring",
						"monitoring", "supplier", "public", "external", "other" };
	static const double sev_w[] = { 0.5, 0.3, 0.15, 0.05 };
	long long now = (long long)time(NULL), span = 5LL * 365 * 86400;
	int year = 0, seq = 0;
	for (long long i = 0; i < n; i++) {
		long long aware = now - span + (long long)((double)span * ((double)i + rfrac()) / (double)n);
		if (aware > now - 600)
			aware = now - 600;
		char ybuf[TS_LEN];
		ts_format(aware, ybuf);
		int y = atoi(ybuf);
		if (y != year)
			year = y, seq = 0;
		long long age = now - aware;
		long long handler = pick_from(&all_people), reporter = pick_from(&all_people);
		struct jval *r = jv_obj(g->a);
		struct arena *a = g->a;
		const char *title = incident_titles[rint_in(0, NELEM(incident_titles) - 1)];
		jv_set_str(a, r, "title", title);
		jv_set_str(a, r, "description", arena_printf(a, "%s. %s", title, fillers[rint_in(0, NELEM(fillers) - 1)]));
		jv_set_str(a, r, "occurred_at", ts_text(a, aware - rint_in(0, 6 * 3600)));
		jv_set_str(a, r, "discovered_at", ts_text(a, aware - rint_in(0, 1800)));
		jv_set_str(a, r, "aware_at", ts_text(a, aware));
		const char *channel = channels[rint_in(0, NELEM(channels) - 1)];
		jv_set_str(a, r, "channel", channel);
		jv_set_int(a, r, "reported_by_id", reporter);
		jv_set_str(a, r, "receipt", arena_printf(a, "%04d-%04d", year, ++seq));
		jv_set_int(a, r, "category_id", cats.v[rint_in(0, (long long)cats.n - 1)]);
		double u = rfrac(), acc = 0;
		size_t sv = 0;
		for (; sv + 1 < sevs.n && sv < NELEM(sev_w); sv++)
			if (u < (acc += sev_w[sv]))
				break;
		jv_set_int(a, r, "severity_id", sevs.v[sv]);
		long long nsys = rint_in(1, 3), sys[3];
		for (long long k = 0; k < nsys; k++)
			sys[k] = pick_from(&systems);
		jv_set(r, "system_ids", ids_array(a, sys, (size_t)nsys));
		int supplier = strcmp(channel, "supplier") == 0 || chance(0.04);
		if (supplier) {
			jv_set_int(a, r, "supplier_id", pick_from(&all_suppliers));
			is->with_supplier++;
		}
		jv_set_int(a, r, "handler_id", handler);
		/* Triage after 10 minutes to three days, mostly within hours. */
		long long triage = aware + (long long)(600 + 3 * 86400 * rfrac() * rfrac() * rfrac());
		int triaged = triage < now - 300 && (age > 7 * 86400 || chance(0.7));
		long long closed = triage + rint_in(3600, 45 * 86400);
		int is_closed = triaged && closed < now - 300 && (age > 60 * 86400 ? chance(0.97) : chance(0.5));
		jv_set_str(a, r, "status", is_closed ? "closed" : triaged ? "handling" : "new");
		if (triaged)
			jv_set_str(a, r, "triaged_at", ts_text(a, triage));
		int significant = triaged && chance(0.03);
		jv_set_str(a, r, "significance", significant ? "significant" : triaged && chance(0.4) ? "not_significant" : "not_assessed");
		if (!jv_get_str(r, "significance") || strcmp(jv_get_str(r, "significance"), "not_assessed") != 0) {
			jv_set_str(a, r, "significance_reason", significant ? "Allvarlig driftstörning i en samhällsviktig verksamhet." : "Begränsad påverkan, hanterad i verksamheten.");
			jv_set_int(a, r, "significance_version", 1);
			jv_set_int(a, r, "significance_by_id", handler);
			jv_set_str(a, r, "significance_at", ts_text(a, triage));
		}
		jv_set_str(a, r, "malicious", significant ? "suspected" : "unknown");
		jv_set_str(a, r, "cross_border", "unknown");
		int pd_possible = chance(0.1);
		int breach = triaged && pd_possible && chance(0.5);
		jv_set_bool(a, r, "personal_data_possible", pd_possible);
		jv_set_str(a, r, "pd_breach", breach ? "yes_report" : triaged && pd_possible ? "no" : "not_assessed");
		if (breach) {
			jv_set_str(a, r, "pd_nature", "Personuppgifter har röjts för obehöriga.");
			jv_set_int(a, r, "pd_subjects_count", rint_in(1, 2000));
		}
		jv_set_str(a, r, "pd_subjects_informed", "not_decided");
		jv_set_bool(a, r, "personal_data_involved", pd_possible || breach);
		if (chance(0.05))
			jv_set_str(a, r, "secrecy_basis", "OSL 18 kap. 8 §");
		if (is_closed) {
			jv_set_str(a, r, "mitigation", event_texts[rint_in(0, NELEM(event_texts) - 1)]);
			jv_set_str(a, r, "root_cause", "Bristande rutin för behörighetshantering.");
			jv_set_str(a, r, "lessons", "Rutinen har setts över och medarbetarna informerats.");
			jv_set_str(a, r, "handled_at", ts_text(a, closed));
			jv_set_str(a, r, "closed_at", ts_text(a, closed));
			is->closed++;
		}
		long long id = create(g, E("incidents"), r);
		next_op(g);
		is->incidents++;
		is->significant += significant;
		is->breaches += breach;

		/* The timeline: detection, then 1-9 entries up to closing or now. */
		long long nev = rint_in(2, 10), end = is_closed ? closed : now - 300;
		for (long long k = 0; k < nev; k++) {
			struct jval *ev = jv_obj(g->a);
			long long at = k == 0 ? aware : aware + (long long)((double)(end - aware) * (double)k / (double)nev);
			jv_set_int(g->a, ev, "incident_id", id);
			jv_set_str(g->a, ev, "at", ts_text(g->a, at));
			jv_set_str(g->a, ev, "kind", k == 0 ? "detection" : event_kinds[rint_in(0, NELEM(event_kinds) - 1)]);
			jv_set_str(g->a, ev, "description", k == 0 ? "Incidenten rapporterades." : event_texts[rint_in(0, NELEM(event_texts) - 1)]);
			jv_set_int(g->a, ev, "author_id", k == 0 ? reporter : handler);
			create(g, E("incident-events"), ev);
			next_op(g);
			is->events++;
		}

		/* The reports: about one in five late. */
		if (significant) {
			int late = chance(0.2);
			long long ew = aware + (late ? rint_in(25, 40) : rint_in(2, 23)) * 3600;
			if (ew < now - 60)
				incident_report(g, id, "nis2_early_warning", ew, handler, is), is->late += late;
			late = chance(0.2);
			long long nt = aware + (late ? rint_in(73, 120) : rint_in(30, 71)) * 3600;
			if (nt < now - 60) {
				incident_report(g, id, "nis2_notification", nt, handler, is), is->late += late;
				long long fin = closed + rint_in(1, 20) * 86400;
				if (is_closed && fin < now - 60)
					incident_report(g, id, "nis2_final_report", fin, handler, is);
			}
		}
		if (breach) {
			int late = chance(0.2);
			long long gd = aware + (late ? rint_in(73, 200) : rint_in(5, 71)) * 3600;
			if (gd < now - 60)
				incident_report(g, id, "gdpr_notification", gd, handler, is), is->late += late;
		}
	}
	free(cats.v), free(sevs.v), free(systems.v);
	is->s = now_s() - t0;
}

/* ---- main ------------------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *db = NULL;
	double scale = 1.0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc)
			scale = strtod(argv[++i], NULL);
		else {
			fprintf(stderr, "usage: gen --db FILE [--scale N]\n");
			return 2;
		}
	}
	if (!db || !(scale > 0) || scale > 100) {
		fprintf(stderr, "usage: gen --db FILE [--scale N]   (FILE made by 'tillit init'; 0 < N <= 100)\n");
		return 2;
	}
	clock_init();
	if (account_init() != 0)
		return 1;
	struct gen g = { .who = { 1, "admin", "import" } };
	char err[512];
	int applied;
	if (store_open(db, 0, &g.st, err, sizeof err) != STORE_OK ||
	    store_migrate(g.st, &applied, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "gen: %s\n", err);
		return 1;
	}
	g.org = store_default_org(g.st);
	if (!g.org) {
		fprintf(stderr, "gen: %s has no organisation; run 'tillit init --db %s' first\n", db, db);
		store_close(g.st);
		return 1;
	}
	if (store_count(g.st, entity_find("systems"), g.org) > 0) {
		fprintf(stderr, "gen: %s already holds systems; start from a fresh 'tillit init'\n", db);
		store_close(g.st);
		return 1;
	}
	long long n_people = (long long)(50000 * scale), n_processes = (long long)(2000 * scale);
	long long n_assets = (long long)(20000 * scale), n_systems = (long long)(5000 * scale);
	long long n_suppliers = (long long)(400 * scale), n_agreements = (long long)(1200 * scale);
	g.audit_target = (long)(200000 * scale);
	/* Enough of each for the relations to make sense at tiny scales. */
	if (n_systems < (long long)NELEM(platform_systems) + 20)
		n_systems = (long long)NELEM(platform_systems) + 20;
	if (n_suppliers < 20)
		n_suppliers = 20;
	if (n_people < 500)
		n_people = 500;
	if (n_processes < 20)
		n_processes = 20;
	if (n_assets < 50)
		n_assets = 50;
	if (n_agreements < 20)
		n_agreements = 20;
	name_uses = calloc(NELEM(first_names) * NELEM(last_names), sizeof *name_uses);
	double t0 = now_s();
	g.a = arena_new();
	if (store_begin(g.st) != STORE_OK)
		die(&g, "begin");

	/* The organisation's own name, as an administrator would set it. */
	{
		const struct entity *oe = entity_find("organisation");
		struct jval *old = load(&g, oe, g.org), *rec = load(&g, oe, g.org);
		jv_set_str(g.a, rec, "name", "Storköpings kommun");
		jv_set_str(g.a, rec, "org_number", "212000-9999");
		g.who.via = "ui";
		update(&g, oe, g.org, old, rec);
		g.who.via = "import";
	}
	double t = now_s();
	make_units(&g, scale);
	printf("units            %8zu  %6.1f s\n", nunits, now_s() - t);
	t = now_s();
	make_people(&g, n_people);
	/* `tillit init` left planner statistics saying people has one row
	 * (sqlite_stat1), so every join on people would read the whole table:
	 * refresh them now that it holds 50,000. */
	if (store_commit(g.st) != STORE_OK || store_optimize(g.st) != STORE_OK || store_begin(g.st) != STORE_OK)
		die(&g, "optimize");
	g.ops = 0;
	printf("people           %8zu  %6.1f s\n", all_people.n, now_s() - t);
	t = now_s();
	make_processes(&g, n_processes);
	printf("processes        %8lld  %6.1f s\n", n_processes, now_s() - t);
	t = now_s();
	make_assets(&g, n_assets);
	printf("info assets      %8lld  %6.1f s\n", n_assets, now_s() - t);
	t = now_s();
	make_suppliers(&g, n_suppliers);
	printf("suppliers        %8zu  %6.1f s\n", all_suppliers.n, now_s() - t);
	t = now_s();
	make_systems(&g, n_systems);
	printf("systems          %8lld  %6.1f s\n", n_systems, now_s() - t);
	t = now_s();
	make_agreements(&g, n_agreements);
	printf("agreements       %8lld  %6.1f s\n", store_count(g.st, entity_find("agreements"), g.org),
	       now_s() - t);
	t = now_s();
	g.who.via = "ui";
	make_roles(&g, scale);
	printf("role assignments %8lld  %6.1f s  (%zu accounts)\n",
	       store_count(g.st, entity_find("role-assignments"), g.org), now_s() - t, account_ids.n);
	t = now_s();
	struct sizes sz = { n_assets, n_systems, n_processes, n_agreements, n_suppliers };
	make_history(&g, &sz);
	printf("history          %8lld updates, %lld logins  %6.1f s\n", g.updates, g.logins, now_s() - t);

	/* Classification, action plans and the SoA, after the history: on
	 * the inventory as it now stands. */
	struct class_stats cs = { 0 };
	t = now_s();
	make_classifications(&g, n_assets, &cs);
	printf("classifications  %8lld decided (K 0/1/2/3/4: %lld/%lld/%lld/%lld/%lld; %lld decided over a year ago),"
	       " %lld superseded, %lld drafts  %6.1f s\n",
	       cs.decided, cs.k[0], cs.k[1], cs.k[2], cs.k[3], cs.k[4], cs.outdated, cs.superseded, cs.drafts,
	       now_s() - t);
	t = now_s();
	make_decisions(&g, scale, &cs);
	printf("system decisions %8lld (%lld on shared platforms)  %6.1f s\n", cs.decisions, cs.decisions_platform,
	       now_s() - t);
	t = now_s();
	make_plans(&g, &cs);
	printf("plan items       %8lld on %lld of %lld running classified systems (%lld with a plan under way,"
	       " %lld of them complete; %lld items centrally fulfilled): %lld fulfilled, %lld partly, %lld not fulfilled,"
	       " %lld not applicable; %lld overdue  %6.1f s\n",
	       cs.items, cs.systems_with_items, cs.running_classified, cs.plans, cs.full_plans, cs.central_items,
	       cs.assess[GA_FULFILLED], cs.assess[GA_PARTLY], cs.assess[GA_NOT_FULFILLED], cs.assess[GA_NOT_APPLICABLE],
	       cs.overdue, now_s() - t);
	t = now_s();
	make_soa(&g, &cs);
	make_evidence(&g, &cs);
	printf("soa entries      %8lld updated (%lld Annex A controls excluded, %lld without justification),"
	       " %lld evidence files  %6.1f s\n",
	       cs.soa_updates, cs.excluded, cs.unjustified, cs.files, now_s() - t);

	/* Risk analyses, their risks and measures, on the classified
	 * inventory. */
	struct risk_stats rs = { 0 };
	long long n_risks = (long long)(100000 * scale), n_measures = (long long)(200000 * scale);
	make_risks(&g, n_risks, n_measures, &rs);
	printf("risk analyses    %8lld (system %lld, unit %lld, shared IT %lld, infrastructure %lld; %lld decided,"
	       " %lld drafts)  %6.1f s\n",
	       rs.analyses, rs.scope[0], rs.scope[2], rs.scope[3], rs.scope[4], rs.decided, rs.drafts, rs.s_analyses);
	printf("risks            %8lld (Låg/Medel/Hög/Kritisk: %lld/%lld/%lld/%lld; reduce %lld, accept %lld, avoid %lld,"
	       " share %lld; %lld with residual risk, %lld accepted; %lld risk–asset links)  %6.1f s\n",
	       rs.risks, rs.bands[0], rs.bands[1], rs.bands[2], rs.bands[3], rs.treatment[0], rs.treatment[1],
	       rs.treatment[2], rs.treatment[3], rs.residual, rs.accepted, rs.asset_links, rs.s_risks);
	printf("measures         %8lld (planned %lld, in progress %lld, done %lld, cancelled %lld; %lld overdue;"
	       " %lld requirement links, %lld control links)  %6.1f s\n",
	       rs.measures, rs.status[0], rs.status[1], rs.status[2], rs.status[3], rs.overdue, rs.requirement_links,
	       rs.control_links, rs.s_measures);

	/* Incidents over five years, with their timelines and reports. */
	struct incident_stats_gen is = { 0 };
	make_incidents(&g, (long long)(50000 * scale), &is);
	printf("incidents        %8lld (%lld closed, %lld significant, %lld personal data breaches to report,"
	       " %lld with a supplier; %lld timeline entries, %lld reports, %lld of them late)  %6.1f s\n",
	       is.incidents, is.closed, is.significant, is.breaches, is.with_supplier, is.events, is.reports, is.late,
	       is.s);

	/* Governing documents, and people asked to read them (issue 14). */
	struct document_stats ds = { 0 };
	make_documents(&g, (long long)(300 * scale), (long long)(50000 * scale), &ds);
	printf("documents        %8lld (%lld versions; %lld people asked to read, %lld confirmed)  %6.1f s\n",
	       ds.documents, ds.versions, ds.asked, ds.confirmed, ds.s);

	/* Training sessions and who attended them (issue 14). */
	struct training_stats tst = { 0 };
	make_training(&g, (long long)(2000 * scale), &tst);
	printf("training         %8lld sessions of %lld courses (%lld planned ahead), %lld attendances  %6.1f s\n",
	       tst.sessions, tst.courses, tst.planned, tst.attendances, tst.s);

	/* Access reviews with their accounts and decisions (issue 14). */
	struct review_stats rv = { 0 };
	make_access_reviews(&g, (long long)(5000 * scale), (long long)(500000 * scale), &rv);
	printf("access reviews   %8lld on %lld systems (%lld completed, %lld open, %lld of them overdue);"
	       " %lld accounts, %lld decided (keep %lld, remove %lld, change %lld); %lld measures  %6.1f s\n",
	       rv.reviews, rv.systems, rv.completed, rv.open, rv.overdue, rv.accounts, rv.decided, rv.keep, rv.remove,
	       rv.change, rv.measures, rv.s);

	if (store_commit(g.st) != STORE_OK)
		die(&g, "commit");
	arena_free(g.a);
	arena_free(g.prev);
	printf("audit entries    %8ld written (%lld creates, %lld updates, %lld logins)\n", g.audit,
	       g.creates, g.updates, g.logins);
	t = now_s();
	if (store_optimize(g.st) != STORE_OK)
		die(&g, "optimize");
	printf("search index     optimized  %6.1f s\n", now_s() - t);
	rebuild_derived(&g);
	printf("total            %6.1f s\n", now_s() - t0);
	store_close(g.st);
	for (size_t i = 0; i < nunits; i++)
		free((char *)units[i].name);
	free(units);
	free(name_uses);
	free(system_supplier);
	for (size_t i = 0; i <= COMPANIES; i++) {
		free(idx[i].depts.v), free(idx[i].sections.v), free(idx[i].admins_pool.v);
		free(idx[i].managers.v), free(idx[i].processes.v), free(idx[i].assets.v);
		free(idx[i].systems.v), free(idx[i].people.v);
	}
	free(all_people.v), free(all_managers.v), free(elected_people.v), free(all_suppliers.v), free(platform.v);
	free(account_ids.v);
	return 0;
}
