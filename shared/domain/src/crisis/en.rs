//! English crisis-language patterns, written from general knowledge of warning signs (as listed
//! in crisis-line and safe-messaging guidance: talk of wanting to die or kill oneself, of being a
//! burden, of having no reason to live or no way out, of a plan or the means, goodbyes and
//! giving things away, self-harm) and of the idioms that look like them.

use super::Confidence::{High, Medium};
use super::CrisisFamily::{
    Danger, DeathWish, Goodbye, Hopelessness, PlanOrMeans, SelfHarm, SuicidalIntent,
};
use super::PatternLanguage;
use super::engine::{Cue, LexiconSpec, PatternSpec, strong, weak};

const CANONICAL: &[(&str, &str)] = &[
    // Contractions (apostrophes are already removed: "don't" → "dont").
    ("im", "i am"),
    ("iam", "i am"),
    ("ive", "i have"),
    ("id", "i would"),
    ("imma", "i am going to"),
    ("ima", "i am going to"),
    ("dont", "do not"),
    ("dnt", "do not"),
    ("doesnt", "does not"),
    ("didnt", "did not"),
    ("cant", "can not"),
    ("cannot", "can not"),
    ("cnt", "can not"),
    ("wont", "will not"),
    ("wouldnt", "would not"),
    ("couldnt", "could not"),
    ("shouldnt", "should not"),
    ("isnt", "is not"),
    ("arent", "are not"),
    ("wasnt", "was not"),
    ("werent", "were not"),
    ("havent", "have not"),
    ("hasnt", "has not"),
    ("hadnt", "had not"),
    ("aint", "am not"),
    ("its", "it is"),
    ("thats", "that is"),
    ("theres", "there is"),
    ("whats", "what is"),
    ("lifes", "life is"),
    ("tonights", "tonight is"),
    ("todays", "today is"),
    ("everyones", "everyone is"),
    ("hes", "he is"),
    ("shes", "she is"),
    ("theyre", "they are"),
    ("theyd", "they would"),
    ("theyll", "they will"),
    ("youre", "you are"),
    ("youll", "you will"),
    ("youd", "you would"),
    ("wouldve", "would have"),
    ("wanna", "want to"),
    ("wana", "want to"),
    ("gonna", "going to"),
    ("gunna", "going to"),
    ("finna", "going to"),
    ("gotta", "got to"),
    ("tryna", "trying to"),
    // Slang, abbreviations and euphemisms.
    ("kms", "kill myself"),
    ("kmsl", "lol"),
    ("kys", "kill yourself"),
    // "catch the bus" (forum slang for suicide) and "sh" / "s/h" (self-harm).
    ("ctb", "kill myself"),
    ("ctbing", "killing myself"),
    ("sh", "self harm"),
    ("shing", "self harming"),
    ("shd", "self harmed"),
    ("wo", "without"),
    ("b", "be"),
    ("wnt", "want"),
    ("unalive", "kill"),
    ("unaliving", "killing"),
    ("unalived", "killed"),
    ("sewerslide", "suicide"),
    ("selfharm", "self harm"),
    ("selfharming", "self harming"),
    ("od", "overdose"),
    ("oding", "overdosing"),
    ("ded", "dead"),
    ("lyf", "life"),
    ("rn", "right now"),
    ("tonite", "tonight"),
    ("2nite", "tonight"),
    ("2night", "tonight"),
    ("idk", "i do not know"),
    ("u", "you"),
    ("ur", "your"),
    ("noone", "no one"),
    ("no1", "no one"),
    ("every1", "everyone"),
    ("some1", "someone"),
    ("wud", "would"),
    ("wld", "would"),
    ("bc", "because"),
    ("cuz", "because"),
    ("coz", "because"),
    ("cos", "because"),
    ("tho", "though"),
    ("goodby", "goodbye"),
    ("gbye", "goodbye"),
    // Common misspellings.
    ("suicde", "suicide"),
    ("sucide", "suicide"),
    ("suiside", "suicide"),
    ("suicie", "suicide"),
    ("suicidle", "suicide"),
    ("sucidal", "suicidal"),
    ("suicidial", "suicidal"),
    ("suicdal", "suicidal"),
    ("suisidal", "suicidal"),
    ("suicidel", "suicidal"),
    ("myslef", "myself"),
    ("mysefl", "myself"),
    ("mysef", "myself"),
    ("myslf", "myself"),
    ("myseld", "myself"),
    ("mysel", "myself"),
    ("mself", "myself"),
    ("myelf", "myself"),
];

const CLASSES: &[(&str, &str)] = &[
    ("self", "myself|my_self|meself"),
    (
        "intent",
        "want_to|going_to|about_to|ready_to|plan_to|planning_to|planning_on|thinking_about|\
         thinking_of|think_about|decided_to|need_to|will|ill|might|would_like_to|wish_i_could|\
         try_to|trying_to|like_to|feel_like|have_to|got_to",
    ),
    (
        "accident",
        "shaving|cooking|chopping|accidentally|by_accident|by_mistake|on_a|on_the|on_some|\
         on_my_bike|playing|tripping|falling|slipping|in_the_kitchen|at_the_gym|working_out|\
         while_cooking|while_shaving|while_chopping|while_gardening|up|out|with_work|with_this|\
         to_finish|to_get|to_make|studying|over_this|over_it|for_this|laughing|in_the_foot",
    ),
    (
        "soon",
        "tonight|now|today|soon|tomorrow|for_good|once_and_for_all|this_weekend|right_now|\
         this_week|$",
    ),
    (
        "drugs",
        "pills|pill|tablets|tablet|meds|medication|medications|medicine|medicines|paracetamol|\
         sleeping_pills|painkillers|antidepressants|insulin|prescription|ibuprofen|aspirin|\
         tylenol|acetaminophen|opioids|benzos|xanax|oxy",
    ),
    (
        "height",
        "bridge|building|roof|rooftop|cliff|balcony|ledge|tower|car_park|carpark|\
         parking_garage|window|overpass|top_floor|multi_storey|platform",
    ),
    (
        "vehicle",
        "train|bus|car|truck|lorry|tube|traffic|cars|oncoming_traffic|subway|metro|tram",
    ),
    (
        "body",
        "arms|arm|legs|leg|thighs|thigh|skin|wrists|wrist|stomach|body|hips|hip|chest|face",
    ),
    (
        "family",
        "mum|mom|mother|dad|father|family|kids|children|sister|brother|parents|wife|husband|\
         partner|boyfriend|girlfriend|friends|son|daughter|nan|gran|grandma|grandad|grandpa|\
         best_friend",
    ),
    (
        "means",
        "gun|pistol|rifle|shotgun|pills|tablets|rope|noose|knife|blade|razor|razors|razorblade",
    ),
    (
        "death",
        "die|be_dead|kill_myself|end_my_life|take_my_life|end_it_all|end_it|end_everything|\
         end_things|stop_breathing|stop_existing|stop_living|not_exist|cease_to_exist|\
         not_be_alive|disappear_forever|vanish_forever|never_wake_up|not_wake_up|overdose|od|\
         commit_suicide|go_to_sleep_forever|sleep_forever_and_never_wake_up",
    ),
    (
        "not_death",
        "with|between|off|here|there|for_today|of|for|laughing|inside|from|happy|if|when|\
         on_this_hill|in_the_game|back|my_hair|her_hair|his_hair|your_hair|@treats",
    ),
    // What people "overdose on" in hyperbole: food, drink and media, never a drug.
    (
        "treats",
        "on_chocolate|on_sugar|on_caffeine|on_coffee|on_cake|on_sweets|on_candy|on_carbs|\
         on_junk_food|on_pizza|on_food|on_easter_eggs|on_netflix|on_tv|on_memes|on_tiktok|\
         on_anime|on_cuteness|on_love|on_christmas|on_vitamin",
    ),
    (
        "abuser",
        "he|she|they|he_is|she_is|they_are|hell|shell|ex|stepdad|stepmum|stepmom|stepfather|stepmother|\
         uncle|husband|partner|boyfriend|girlfriend|bf|gf|wife|dad|father|mum|mom|mother|\
         brother|sister|someone|somebody|a_man|a_guy|this_guy|that_guy|parents|landlord",
    ),
    (
        "painless",
        "painless|painlessly|least_painful|peaceful|peacefully|quick_and_painless|\
         easy_and_painless|gentle",
    ),
    (
        "search",
        "researching|researched|research|looked_up|looking_up|look_up|googled|googling|\
         searched|searching|searching_for|reading_about|read_about|easiest|quickest|best|\
         painless|least_painful|quick|fastest|easy|surest|peaceful",
    ),
];

const PATTERNS: &[PatternSpec] = &[
    // --- Suicidal intent -----------------------------------------------------------------
    strong(
        SuicidalIntent,
        High,
        "kill|killing|killed|end|ending|ended|delete|deleting|deleted @self !@accident",
    ),
    strong(
        SuicidalIntent,
        High,
        "end|ending|ended|take|taking|took|taken my own? life|lives !back",
    ),
    strong(
        SuicidalIntent,
        High,
        "commit|committing|commited|attempt|attempted|attempting|try|tried|trying suicide",
    ),
    strong(
        SuicidalIntent,
        High,
        "considering|contemplating|planning|researching|thinking|thought|thoughts about|of? suicide",
    ),
    strong(SuicidalIntent, High, "made|had a suicide attempt"),
    strong(SuicidalIntent, High, "my suicide"),
    strong(
        SuicidalIntent,
        Medium,
        "thinking|think|thought|thoughts|considering|contemplating|planning about|of? \
         ending|end it|things|everything !with|here|there|between|off|for_today",
    ),
    strong(
        SuicidalIntent,
        High,
        "^suicidal thoughts|ideation|urges|feelings|plans|again|tonight|today|right_now|lately",
    ),
    strong(
        SuicidalIntent,
        High,
        "am|feel|feeling|felt|been|getting|get|was|become|becoming|so|very|pretty|quite|\
         extremely|super|bit|kind_of|kinda suicidal",
    ),
    strong(
        SuicidalIntent,
        High,
        "want|wanted|wanting|wish|wished|deserve|need|needed to die|be_dead",
    ),
    strong(
        SuicidalIntent,
        Medium,
        "ready|going|about|prepared|willing to die \
         !if|when|in|on|from|at|without|someday|one_day|eventually|anyway|happy",
    ),
    strong(SuicidalIntent, High, "end|ending|ended it all !with"),
    strong(
        SuicidalIntent,
        Medium,
        "end|ending everything !with|between|here|there",
    ),
    strong(
        SuicidalIntent,
        Medium,
        "@intent|am end|ending it|things|everything @soon !with|here|there|between|off|for_today",
    ),
    weak(SuicidalIntent, Cue::Intent, "end|ending it $"),
    strong(SuicidalIntent, High, "off|top @self !@accident"),
    strong(SuicidalIntent, High, "do @self in"),
    strong(
        SuicidalIntent,
        Medium,
        "not going_to? make|survive it? through|past|until|till|to the? \
         night|tonight|weekend|morning|day",
    ),
    // --- Passive death wish / burden -----------------------------------------------------
    strong(
        DeathWish,
        High,
        "wish|wished|hope|hoping|pray|praying i was|were|could_be|would_be|am dead",
    ),
    strong(
        DeathWish,
        High,
        "wish|wished|hope|hoping|pray|praying i could|would|will|might \
         die|be_dead|stop_existing|not_exist|disappear_forever|not_wake_up|never_wake_up|\
         go_to_sleep_forever|fall_asleep_forever|sleep_forever",
    ),
    strong(
        DeathWish,
        Medium,
        "wish|wished i would|had|was|were never|not been? born",
    ),
    strong(DeathWish, High, "better off dead"),
    strong(DeathWish, High, "better|happier|easier off? without me"),
    strong(
        DeathWish,
        High,
        "better|happier|easier off? if i was|were|am|had? \
         dead|gone|died|disappeared|not_here|not_around|not_alive|never_born|never_been_born|\
         never_existed",
    ),
    strong(DeathWish, Medium, "rather be? dead|die !than"),
    strong(
        DeathWish,
        Medium,
        "miss|notice|care|mind|matter me? if|when i was|were|am? \
         gone|dead|died|disappeared|not_here|not_around|killed_myself !for|on|away|to|out",
    ),
    strong(
        DeathWish,
        Medium,
        "if|whether i live|lived|living or die|died|dying",
    ),
    strong(
        DeathWish,
        High,
        "not|never|no_longer want|wish|wanted to \
         live|be_alive|exist|be_living|keep_living|stay_alive|continue_living|go_on_living|\
         carry_on_living !with|in|at|here|there|near|like_that|on|abroad|alone|together|for|\
         through|long|until|to_see",
    ),
    strong(
        DeathWish,
        Medium,
        "not|never|no_longer want|wish|wanted to go_on|carry_on|continue|keep_going \
         $|anymore|any_longer|like_this|living",
    ),
    strong(
        DeathWish,
        Medium,
        "not|never|no_longer want|wish|wanted to be here|around anymore|any_longer",
    ),
    weak(DeathWish, Cue::Hopeless, "not want to be here $"),
    strong(
        DeathWish,
        Medium,
        "not|never|no_longer want|wish|wanted to wake up|wake_up \
         !early|at|before|so|for|until|in|on|this|tomorrow_at",
    ),
    strong(
        DeathWish,
        Medium,
        "hope|wish|pray|praying|hoping i do|will|would? not|never wake up",
    ),
    strong(
        DeathWish,
        Medium,
        "want_to|wish_i_could|like_to|would_like_to go_to_sleep|sleep|fall_asleep \
         forever|and_never_wake_up|and_not_wake_up|and_not_ever_wake_up|and_never_wake",
    ),
    strong(
        DeathWish,
        Medium,
        "to not_exist|not_be_alive|not_be_here_anymore|stop_existing|cease_to_exist|\
         disappear_forever|disappear_for_good|vanish_forever|vanish_for_good|be_gone_forever",
    ),
    strong(
        DeathWish,
        Medium,
        "not|no_longer|never scared|afraid|frightened of|to dying|death|die",
    ),
    strong(
        DeathWish,
        Medium,
        "can_not stop thinking about|of dying|death|being_dead|suicide|ending_it",
    ),
    strong(
        DeathWish,
        Medium,
        "keep|always thinking about|of suicide|ending_it|ending_my_life|being_dead|not_existing",
    ),
    strong(
        DeathWish,
        High,
        "should|ought_to|might_as_well|may_as_well|better|deserve_to just? die|be_dead",
    ),
    strong(
        DeathWish,
        High,
        "not deserve|deserving to live|be_alive|exist|be_here|keep_living",
    ),
    strong(DeathWish, Medium, "feel|feeling|felt like dying|being_dead"),
    strong(
        DeathWish,
        Medium,
        "favour|favor by dying|if_i_died|if_i_was_gone|if_i_were_gone|if_i_disappeared|\
         by_disappearing|by_killing_myself",
    ),
    strong(DeathWish, Medium, "be better|happier off $"),
    strong(
        DeathWish,
        Medium,
        "disappear|vanish and_never_come_back|and_not_come_back|and_never_return|\
         without_a_trace|and_never_be_found",
    ),
    // --- Hopelessness / no way out -------------------------------------------------------
    strong(
        Hopelessness,
        High,
        "no|any|zero|not_a|not_any|not_one|without_a|without_any reason|reasons|point|purpose \
         to|for|in \
         live|living|stay_alive|staying_alive|keep_living|be_alive|being_alive|go_on|keep_going|\
         carry_on|exist|existing",
    ),
    strong(
        Hopelessness,
        High,
        "nothing|nobody|no_one|not_much left? to|worth live|living for",
    ),
    strong(
        Hopelessness,
        High,
        "point in|of \
         living|being_alive|staying_alive|going_on|carrying_on|existing|life|my_life|even_living",
    ),
    strong(
        Hopelessness,
        High,
        "not worth living|staying_alive|being_alive|living_for|fighting_for",
    ),
    strong(
        Hopelessness,
        High,
        "tired|sick|done|finished|through|exhausted|weary|fed_up of|with \
         living|being_alive|existing|staying_alive|life_itself|this_life|being_here",
    ),
    strong(
        Hopelessness,
        Medium,
        "tired|sick|done|finished|through|exhausted|weary|fed_up of|with life|my_life|it_all !for",
    ),
    strong(
        Hopelessness,
        Medium,
        "can_not|not_able_to|unable_to go_on|keep_going|carry_on|continue \
         $|like_this|anymore|any_longer|living|much_longer|another_day",
    ),
    strong(
        Hopelessness,
        High,
        "can_not|not_able_to|unable_to keep|go_on|carry_on|continue? living|live|existing|exist \
         like_this|this_way|anymore|any_longer|$|with_this|with_myself|in_this_pain",
    ),
    strong(
        Hopelessness,
        Medium,
        "want|need|wish it_all|everything|all_of_this|the_pain|all_the_pain|this_pain to \
         end|stop|be_over|go_away $|forever|permanently|for_good|once_and_for_all",
    ),
    strong(
        Hopelessness,
        Medium,
        "want|need|wish it|this|things to end|stop|be_over \
         forever|permanently|for_good|once_and_for_all",
    ),
    weak(
        Hopelessness,
        Cue::Hopeless,
        "no way_out|escape|hope|future|other_way|other_option|way_forward|point_anymore",
    ),
    weak(
        Hopelessness,
        Cue::Hopeless,
        "only|one way_out|option_left|option|solution|escape",
    ),
    weak(
        Hopelessness,
        Cue::Hopeless,
        "hopeless|hopelessness|trapped|burden|worthless|pointless|helpless",
    ),
    weak(
        Hopelessness,
        Cue::Hopeless,
        "can_not do_this|take_it|take_this|cope|handle_it|handle_this|bear_it|bear_this|\
         stand_it|stand_this|deal|face_it|face_another_day|face_tomorrow|do_life \
         anymore|any_longer|$|with_this|with_it|with_life",
    ),
    weak(
        Hopelessness,
        Cue::Hopeless,
        "nothing will|is_going_to|ever ever? get_better|change|improve",
    ),
    weak(
        Hopelessness,
        Cue::Hopeless,
        "never get|getting|going_to_get better",
    ),
    weak(
        Hopelessness,
        Cue::Hopeless,
        "give|giving|gave|given up on life|living|everything|myself|the_world",
    ),
    weak(
        Hopelessness,
        Cue::Hopeless,
        "want_to|going_to|ready_to|about_to give up $",
    ),
    weak(
        Hopelessness,
        Cue::Hopeless,
        "what_is_the|whats_the point $|anymore|of_anything|of_it_all|of_trying|in_anything",
    ),
    weak(Hopelessness, Cue::Hopeless, "want|need out $"),
    weak(Hopelessness, Cue::Hopeless, "make|making it|the_pain stop"),
    strong(
        Hopelessness,
        Medium,
        "want|need out of this|my|it_all|everything|here life|world|existence|$",
    ),
    weak(
        Hopelessness,
        Cue::Hopeless,
        "has|have no meaning|purpose|point|hope|future",
    ),
    weak(
        Hopelessness,
        Cue::Hopeless,
        "waste of space|oxygen|air|life",
    ),
    // --- Plan or means -------------------------------------------------------------------
    strong(
        PlanOrMeans,
        High,
        "hang|hanging|hanged|drown|drowning|shoot|shooting|poison|poisoning|suffocate|\
         suffocating|gas|gassing|electrocute|stab|stabbing|strangle|strangling|set_fire_to \
         @self !@accident",
    ),
    strong(
        PlanOrMeans,
        High,
        "jump|jumping|jumped|leap|leaping|throw_myself|throwing_myself|fling_myself|\
         yeet_myself|yeeting_myself \
         off|from|out_of|of the|a|this|that|my? @height",
    ),
    strong(
        PlanOrMeans,
        High,
        "jump|jumping|step|stepping|walk|walking|throw_myself|throwing_myself|lie|lay|lying|\
         laying in_front_of|infront_of|under|into a|the|an? @vehicle",
    ),
    strong(
        PlanOrMeans,
        Medium,
        "drive|driving|crash|crashing|steer|steering|swerve|swerving|ram|ramming my|the? car? \
         into|off a|the? wall|tree|bridge|cliff|oncoming_traffic|lorry|truck|river|sea|lake|pole",
    ),
    strong(
        PlanOrMeans,
        High,
        "@intent|took|taken|take|taking|just_took|have_taken|had an|a? \
         overdose|overdosed|overdosing !on|@treats",
    ),
    strong(PlanOrMeans, High, "^overdosed|overdosing !on|@treats"),
    // "Overdose on" is hyperbole ("on chocolate") unless what follows is a drug or "my …".
    strong(
        PlanOrMeans,
        High,
        "overdose|overdosed|overdosing|od on|of @drugs|drugs|heroin|fentanyl|alcohol|my|the|\
         some|these|those|them|it|all|everything|whatever|something",
    ),
    strong(
        PlanOrMeans,
        High,
        "take|took|taken|taking|swallow|swallowed|swallowing|down|downed|downing|neck|necked \
         all|every|a_whole_bottle_of|the_whole_bottle_of|a_bottle_of|a_whole_box_of|a_box_of|\
         a_whole_pack_of|the_whole_pack_of|a_whole_packet_of|the_whole_packet_of|too_many|\
         loads_of|lots_of|a_handful_of|handfuls_of|a_load_of|the_rest_of|all_of|a_bunch_of|\
         a_lot_of|the_whole_box_of|a_full_bottle_of|dozens_of|way_too_many|far_too_many|\
         too_much|way_too_much|far_too_much|too_much_of|20|30|40|50|60|100 \
         my|the|these|those|of_my? @drugs \
         !this_morning|on_time|as_prescribed|with_food|like_i_should|properly|regularly|\
         every_day|daily|with_me",
    ),
    strong(
        PlanOrMeans,
        High,
        "stockpile|stockpiling|stockpiled|save|saving|saved|hoard|hoarding|hoarded|collecting|\
         collected|stash|stashing|stashed up? my|the|some|all_my|enough? @drugs",
    ),
    strong(
        PlanOrMeans,
        High,
        "how many|much @drugs|mg|milligrams|grams \
         would|will|to|does_it_take_to|it_takes_to|it_would_take_to|would_it_take_to|\
         it_take_to|until|before|do_i_need_to|i_need_to|is|are|would_be? \
         kill|die|overdose|fatal|lethal|deadly|be_fatal|be_lethal|i_die|a_lethal_dose|\
         an_overdose",
    ),
    strong(
        PlanOrMeans,
        Medium,
        "lethal|fatal|deadly dose|amount|overdose",
    ),
    strong(
        PlanOrMeans,
        High,
        "@search ways|way|methods|method|how? to \
         die|end_it|end_it_all|end_my_life|commit_suicide|overdose|kill_myself|hang_myself",
    ),
    strong(
        PlanOrMeans,
        Medium,
        "rope|noose|ligature is|are? ready|set_up|tied|prepared|hanging_up|in_place",
    ),
    strong(
        PlanOrMeans,
        Medium,
        "bought|got|have|tied|made|buy|tie|make|making|tying a|the|my noose|ligature",
    ),
    strong(
        PlanOrMeans,
        High,
        "@means to \
         end_it|end_it_all|end_my_life|kill_myself|die|end_everything|shoot_myself|hang_myself",
    ),
    strong(
        PlanOrMeans,
        High,
        "gun|pistol|rifle|shotgun|barrel to|in|against|at my head|mouth|temple|chest|throat",
    ),
    strong(
        PlanOrMeans,
        Medium,
        "knife|blade|razor|razorblade|razor_blade|scissors|glass|shard in|against|to|on|over \
         my hand|wrist|wrists|arm|arms|throat|skin|neck|thigh|thighs|leg|legs|chest",
    ),
    strong(PlanOrMeans, High, "suicide plan|plans|method|date|pact"),
    strong(
        PlanOrMeans,
        Medium,
        "know|decided|worked_out|figured_out|planned|planning|chosen|picked|deciding how|when|where \
         i? am|will|would|could|ill? going_to? do|end it",
    ),
    strong(
        PlanOrMeans,
        High,
        "slit|slash|slashing|slitting|cut|cutting|open|opening my|the? wrists|wrist|veins|throat",
    ),
    strong(
        PlanOrMeans,
        Medium,
        "standing|stood|climbing|climbed on|onto|over the|a? \
         edge|ledge|bridge|tracks|railway|cliff|railing|platform_edge|cliff_edge|rooftop",
    ),
    weak(PlanOrMeans, Cue::Intent, "do|doing it @soon"),
    weak(
        PlanOrMeans,
        Cue::Intent,
        "tonight|today|tomorrow|this|now is the night|day|time",
    ),
    weak(
        PlanOrMeans,
        Cue::Intent,
        "picked|chosen|chose|set|decided_on|got a|the date|day|time",
    ),
    weak(
        PlanOrMeans,
        Cue::Intent,
        "everything|it_all|all is? ready|set|planned|prepared|sorted|in_place|organised|organized",
    ),
    weak(
        PlanOrMeans,
        Cue::Intent,
        "going_to|about_to|ready_to|want_to jump $",
    ),
    weak(
        PlanOrMeans,
        Cue::Intent,
        "am|standing|stood|sitting|sat on|at the|a|top_of_the \
         edge|ledge|roof|rooftop|bridge|tracks|cliff|balcony|railing",
    ),
    weak(
        PlanOrMeans,
        Cue::Intent,
        "not going_to? be here|around \
         tomorrow|by_tomorrow|by_morning|in_the_morning|next_week|for_christmas|for_my_birthday",
    ),
    weak(
        PlanOrMeans,
        Cue::Intent,
        "made|have|got|making|worked_out a|the|my plan $",
    ),
    strong(
        PlanOrMeans,
        Medium,
        "stash|stockpile|hoard|supply|collection of @drugs",
    ),
    strong(
        PlanOrMeans,
        Medium,
        "walk|walking|wade|wading|swim|swimming out? into the? sea|river|lake|ocean|water|waves",
    ),
    weak(
        PlanOrMeans,
        Cue::Intent,
        "am|standing|waiting|sitting at|on the|a station|train_station|platform|railway|river|\
         canal|motorway",
    ),
    weak(
        PlanOrMeans,
        Cue::Intent,
        "decided|decide tonight|today|it_is_time|this_is_it|now",
    ),
    weak(
        PlanOrMeans,
        Cue::Intent,
        "want|need it|this to end|stop|be_over $",
    ),
    weak(PlanOrMeans, Cue::Intent, "not be long now|much_longer"),
    // --- Goodbye / final messages --------------------------------------------------------
    strong(Goodbye, High, "suicide note|notes|letter|letters"),
    strong(
        Goodbye,
        Medium,
        "goodbye|farewell note|notes|letter|letters|video",
    ),
    strong(
        Goodbye,
        Medium,
        "wrote|written|writing|write|left|leaving letters|notes|goodbye_letters to|for my? \
         everyone|everybody|you_all|all_of_you|each_of_you|family|kids|children|mum|mom|dad|\
         parents|wife|husband|partner|loved_ones|the_people_i_love",
    ),
    strong(
        Goodbye,
        High,
        "this is \
         goodbye|my_goodbye|farewell|my_farewell|my_last_message|my_last_text|my_final_message|\
         the_last_message|the_last_time|my_final_goodbye|my_last_goodbye \
         !for_now|for_today|before|until|till",
    ),
    strong(
        Goodbye,
        High,
        "goodbye|bye|farewell \
         forever|for_good|for_ever|cruel_world|world|to_this_world|to_this_life",
    ),
    strong(Goodbye, High, "final|last goodbye|goodbyes|farewell"),
    strong(
        Goodbye,
        Medium,
        "last|final message|text|post !before|of_the|for|on|in|from_the|about",
    ),
    strong(Goodbye, High, "by the time you read|get|see|find this"),
    strong(Goodbye, Medium, "if you are reading this"),
    weak(Goodbye, Cue::Goodbye, "when|once you read|find this"),
    strong(
        Goodbye,
        High,
        "last time you will? ever? hear|see|talk_to from? me",
    ),
    strong(
        Goodbye,
        High,
        "never|not hear|see from? me again|ever_again \
         !till|until|til|before|for|this|today|after|in|at|on",
    ),
    strong(
        Goodbye,
        Medium,
        "want|wanted|wanting|needed|need|wanna to say goodbye|bye|my_goodbyes \
         $|before_i_go|to_everyone|to_you_all|to_all_of_you|to_you|properly|while_i_can",
    ),
    strong(
        Goodbye,
        Medium,
        "after|when|once i am|have? \
         gone|dead|no_longer_here|not_here|not_around|no_longer_around $|please",
    ),
    weak(
        Goodbye,
        Cue::Goodbye,
        "after|when|once i die|am_dead|pass|pass_away $",
    ),
    strong(
        Goodbye,
        Medium,
        "not|never going_to? be around|here \
         much_longer|for_long|for_much_longer|anymore|any_longer|after_tonight|by_tomorrow",
    ),
    strong(
        Goodbye,
        Medium,
        "not|never have_to|need_to|going_to_have_to worry|deal|put_up|bother|care|think \
         about|with me? anymore|any_longer|again|after_tonight|ever_again|soon",
    ),
    strong(
        Goodbye,
        Medium,
        "tell my? @family|everyone|them i love|am_sorry|that_i_love|sorry|loved",
    ),
    strong(
        Goodbye,
        Medium,
        "sorry|forgive_me for what i am? about|going to do",
    ),
    strong(
        Goodbye,
        Medium,
        "final|last night|day alive|on_earth|of_my_life",
    ),
    weak(
        Goodbye,
        Cue::Goodbye,
        "giving|gave|give|given away all? my? \
         things|stuff|belongings|possessions|games|pets|cat|dog|savings|money|everything",
    ),
    weak(
        Goodbye,
        Cue::Goodbye,
        "not need|be_needing them|it|this|anything|my_stuff|my_things|these|those \
         anymore|$|where_i_am_going|after_tonight",
    ),
    weak(
        Goodbye,
        Cue::Goodbye,
        "goodbye|farewell everyone|all|everybody|guys|world|you_all|all_of_you|my_friends|$",
    ),
    weak(
        Goodbye,
        Cue::Goodbye,
        "sorry for \
         everything|being_a_burden|all_the_trouble|all_the_pain|all_i_have_done|being_me|\
         being_like_this",
    ),
    weak(Goodbye, Cue::Goodbye, "forgive me $"),
    weak(
        Goodbye,
        Cue::Goodbye,
        "i love you all|you_all|all_of_you|you_guys|everyone",
    ),
    weak(
        Goodbye,
        Cue::Goodbye,
        "thank|thanks you? for \
         everything|trying|all_you_have_done|being_there|all_your_help|all_of_it|\
         putting_up_with_me",
    ),
    weak(Goodbye, Cue::Goodbye, "am so? sorry $"),
    strong(
        Goodbye,
        Medium,
        "said|saying|made|making my goodbyes|final_goodbyes",
    ),
    strong(
        Goodbye,
        Medium,
        "this is the end for|of me|the_road|my_life",
    ),
    weak(
        Goodbye,
        Cue::Goodbye,
        "written|wrote|made|making|sorted|updated|writing a|my will",
    ),
    weak(
        Goodbye,
        Cue::Goodbye,
        "plan|planning|planned my own? funeral",
    ),
    // --- Self-harm -----------------------------------------------------------------------
    strong(
        SelfHarm,
        High,
        "hurt|hurting|hurted|harm|harming|harmed|cut|cutting|burn|burning|burned|burnt|injure|\
         injuring|injured|mutilate|mutilating|slice|slicing|scar|scarring @self !@accident",
    ),
    strong(
        SelfHarm,
        Medium,
        "hit|hitting|beat|beating|punch|punching|scratch|scratching|starve|starving|bruise|\
         bruising @self !@accident",
    ),
    strong(
        SelfHarm,
        Medium,
        "cut|cutting|burn|burning|burned|burnt|hurt|hurting|harm|harming|scratch|scratching|\
         scratched|carved|sliced|gouge|gouged|gouging|\
         carve|carving|slice|slicing into? my @body !@accident",
    ),
    strong(
        SelfHarm,
        High,
        "^self harm|harming|harmed|harms|injure|injuring|injured|injury|mutilate|mutilation",
    ),
    strong(
        SelfHarm,
        High,
        "urge|urges|tempted|temptation|craving|cravings|want|wanted|wanting|need|going|about|\
         ready|relapsed|relapse|relapsing|started|start|keep|kept|been|thinking_about|\
         thinking_of|thoughts_of|stop to|and|into|on|of|about? self \
         harm|harming|harmed|injure|injuring|injury",
    ),
    strong(
        SelfHarm,
        Medium,
        "been|started|start|keep|kept|am|was|relapsed|relapsing|back_to|stop|went_back_to|\
         gone_back_to cutting|burning|scratching|hurting_myself \
         $|again|tonight|myself|more|deeper|every_day|daily|today|lately",
    ),
    strong(SelfHarm, Medium, "^cut|cutting|burned|burnt again"),
    strong(
        SelfHarm,
        Medium,
        "want|need|urge|urges|going|about|ready|tempted|craving|itching|dying|desperate to \
         cut|burn|bleed|hurt $|tonight|so_bad|so_badly|badly|right_now|again|now|deeper|myself",
    ),
    // --- Generalised predicates ----------------------------------------------------------
    // A death predicate (@death: "die", "stop breathing", "end it", "overdose", "not wake up")
    // after a verb or noun of wanting, planning, deciding or daring ("planning to die", "the
    // courage to end it", "I want to stop breathing") is the writer's own intent unless the
    // context checks say otherwise; third-person verb forms ("she wants") are not listed.
    strong(
        SuicidalIntent,
        Medium,
        "want|wanted|wanting|need|needed|plan|planning|planned|decided|deciding|intend|intending|\
         chose|chosen|prepared|tempted|urge|urges|courage|guts|nerve|strength|brave_enough|\
         wish_i_could|trying|try|tried|aim|aiming|meant|supposed|able|allowed|deserve \
         to @death !@not_death",
    ),
    // Commands ("the voices keep telling me to end it"): the reported-speech check drops every
    // speaker except voices and thoughts (see `inner_voices`), so "they told me to …" stays out.
    strong(
        SuicidalIntent,
        Medium,
        "telling|tells|tell|told|ordering|orders|commanding|commands me \
         to|i_should|i_must|i_need_to|i_have_to|i_deserve_to @death !@not_death",
    ),
    // The same predicates with the writer as the explicit subject ("I will stop breathing").
    strong(
        DeathWish,
        Medium,
        "^stop_breathing|stop_existing|cease_to_exist|disappear_forever|vanish_forever|\
         end_my_life|take_my_life !@not_death",
    ),
    // Fronted timing: "Tonight I end it", "tomorrow I am ending things".
    strong(
        SuicidalIntent,
        Medium,
        "tonight|today|tomorrow|now|soon|this_weekend|this_week i am? will? \
         end|ending it|it_all|things|everything|my_life !@not_death",
    ),
    strong(
        SuicidalIntent,
        Medium,
        "^end|ending it|it_all|things|everything|my_life \
         tonight|today|tomorrow|this_weekend|this_week|soon|for_good|once_and_for_all",
    ),
    // No will, desire or strength left to live.
    strong(
        Hopelessness,
        High,
        "no|not_any|zero|lost_the|lost_my|lost_all|without_the|without_any|little|not_much \
         will|desire|motivation|drive|wish|want|energy|strength|reason|reasons|point|purpose \
         left? for? me? to \
         live|live_anymore|keep_living|stay_alive|be_alive|exist|go_on_living|carry_on_living|\
         survive|keep_going|go_on|carry_on|keep_fighting \
         !in|with|there|here|abroad|near|on|at|alone|together|like|somewhere|with_them|holiday",
    ),
    // Nobody would notice or care if I vanished.
    strong(
        DeathWish,
        Medium,
        "miss|notice|care|mind|matter|know|realise|realize|happier|better|easier|relieved me? if|\
         when i was|were|am? \
         vanished|vanish|disappeared|disappear|stopped_existing|ceased_to_exist|\
         did_not_wake_up|never_woke_up|was_not_alive|did_not_exist|was_never_born|\
         were_never_born|was_dead|were_dead|was_gone|were_gone !for|on|away|to|out|home",
    ),
    // Means with a purpose ("I bought paracetamol to overdose", "enough pills to die").
    strong(
        PlanOrMeans,
        High,
        "@drugs|@means|enough|something|stuff to|so_i_can|and @death !@not_death",
    ),
    strong(
        PlanOrMeans,
        Medium,
        "^bought|buying|buy|got|getting|ordered|ordering|collected|collecting|saved|saving|\
         stocked_up_on|hidden|hid|hiding|have|had enough|a_lethal_amount_of|a_lethal_dose_of \
         @drugs|@means !for|to_last|from_the|on_hand",
    ),
    weak(
        PlanOrMeans,
        Cue::Intent,
        "^bought|got|getting|ordered|have|hid|hidden|bought_myself|got_myself a|the|some|my \
         rope|noose|razor|razors|blades|razor_blades|gun|pistol|ligature",
    ),
    // "The only way to stop the pain is to die": a hopeless frame plus an end.
    weak(
        Hopelessness,
        Cue::Hopeless,
        "only|one way|answer|choice|thing|option|solution|escape|cure|fix|way_to_stop_the_pain",
    ),
    weak(
        SuicidalIntent,
        Cue::Intent,
        "is|would_be|was|seems_to_be|feels_like to? \
         die|death|dying|suicide|end_it|end_it_all|kill_myself|killing_myself|ending_it|\
         ending_it_all|end_my_life|ending_my_life|not_be_here|not_exist|disappear $",
    ),
    // Readiness and calm acceptance: "I'm ready to go, I've made peace with it".
    weak(
        Goodbye,
        Cue::Intent,
        "ready|prepared|time to go|leave|leave_this_world|leave_this_earth|leave_this_life \
         $|now|soon|tonight|forever|for_good",
    ),
    weak(
        Goodbye,
        Cue::Goodbye,
        "made|make|making|at|found peace with \
         it|dying|death|my_death|my_decision|the_decision|leaving|going|everything|my_choice $",
    ),
    strong(
        Goodbye,
        Medium,
        "^leave|leaving this_world|this_earth|this_life|this_planet \
         $|tonight|soon|forever|for_good|now|today",
    ),
    // --- Generalisation pass 3 (after the third holdout's misses) -------------------------
    // Indifference to one's own death: "I wouldn't mind if I didn't wake up", "don't care if I
    // die". The leading "not" is part of the phrase, so the negation check does not undo it.
    strong(
        DeathWish,
        Medium,
        "not mind|care|be_sad|be_upset|be_bothered if|whether i \
         die|died|live_or_die|lived_or_died|do_not_wake_up|did_not_wake_up|never_wake_up|wake_up|\
         never_woke_up|was_dead|were_dead|got_hit|get_hit|got_killed|get_killed|\
         did_not_make_it|do_not_make_it|stopped_existing|disappeared|was_gone|were_gone \
         !trying|tomorrow_at",
    ),
    strong(
        DeathWish,
        Medium,
        "not mind|care_about dying|being_dead|death $|anymore|now|tonight|soon",
    ),
    // Hoping for a fatal event: "I hope I get hit by a bus", "I hope I die in my sleep",
    // "I keep hoping something kills me".
    strong(
        DeathWish,
        High,
        "hope|hoping|pray|praying|wish|wishing that? i \
         die|get_killed|get_run_over|get_murdered|get_shot|do_not_wake_up|never_wake_up|\
         get_cancer|do_not_make_it|drop_dead !trying|laughing|of|before_i_get_old",
    ),
    strong(
        DeathWish,
        High,
        "hope|hoping|pray|praying|wish|wishing that? i get|got|would_get|will_get \
         hit|knocked_down|run_over|mowed_down by a|the|an? @vehicle",
    ),
    strong(
        DeathWish,
        Medium,
        "hope|hoping|pray|praying|wish|wishing that? something|someone|somebody \
         kills|would_kill|will_kills|kill|would_happen_to|happens_to me",
    ),
    strong(
        DeathWish,
        Medium,
        "hope|hoping|pray|praying|wish|wishing that? the|my plane|car|bus|train crashes|crash|\
         goes_down|would_crash",
    ),
    // Wanting to be gone or not here, said outright ("I just want to be gone", "part of me
    // wants to die", "I want to not be here").
    strong(
        DeathWish,
        Medium,
        "want|wanted|wish|need|wanting to be_gone \
         $|forever|for_good|already|permanently|from_this_world|from_this_earth",
    ),
    strong(
        DeathWish,
        Medium,
        "want|wanted|wish|need|wanting to not_be_here|not_be_alive|not_be_around|\
         not_be_here_anymore|no_longer_be_here|no_longer_exist \
         !at|in|for|with|on|during|when|tomorrow|today|this|until|right_now",
    ),
    strong(
        SuicidalIntent,
        Medium,
        "part_of_me|half_of_me|a_part_of_me|some_part_of_me|the_part_of_me wants|want|keeps_wanting|\
         is_wanting|wishes|is_telling_me to \
         @death|be_dead|not_be_here|not_be_alive|not_exist|disappear|give_up_on_life \
         !@not_death",
    ),
    // "It would be so easy to just not wake up": ease or relief attached to a death predicate.
    strong(
        DeathWish,
        Medium,
        "easy|easier|nice|peaceful|a_relief|relief|simpler|better|tempting to \
         @death|not_be_here|not_wake_up|never_wake_up|disappear_forever|stop_existing \
         !@not_death",
    ),
    // "I'd rather die than keep living like this" (but "rather die than wear that" is hyperbole).
    strong(
        DeathWish,
        Medium,
        "rather be? dead|die than \
         live|living|go_on|carry_on|keep_living|keep_going|be_alive|stay_alive|feel|keep_feeling|\
         wake_up|face|spend_another|go_through_another|suffer|continue|exist|another|\
         live_another|keep_doing_this|do_this",
    ),
    // --- Hopelessness about life itself ----------------------------------------------------
    strong(
        Hopelessness,
        High,
        "no|not_any|zero|not_much|little point|reason|purpose \
         living|being_alive|staying_alive|existing|trying_to_live|fighting_to_live|\
         getting_up_anymore|waking_up_anymore",
    ),
    strong(
        Hopelessness,
        High,
        "no|not_any|zero|not_much|little point|reason|purpose \
         going_on|carrying_on|continuing|keeping_going|trying|fighting \
         $|anymore|any_longer|like_this|with_life|with_this|living",
    ),
    strong(
        Hopelessness,
        Medium,
        "nothing|nobody|no_one|not_much|nothing_left is|left? worth \
         living|staying_alive|being_alive|going_on|carrying_on|waking_up|getting_up|\
         sticking_around|staying|surviving|existing",
    ),
    strong(
        Hopelessness,
        Medium,
        "existing|existence|being_alive|staying_alive|being_me|this_life|my_existence \
         is|feels|has_become|becomes|seems|feels_so|is_so \
         unbearable|torture|agony|too_painful|too_much|pointless|meaningless|hell|\
         not_worth_it|a_nightmare|impossible|exhausting|a_burden|a_punishment",
    ),
    strong(
        Hopelessness,
        Medium,
        "life|living|my_life|being_alive|existing is|feels|seems not|no_longer worth \
         it|the_pain|the_effort|the_struggle|living|fighting_for",
    ),
    weak(
        Hopelessness,
        Cue::Hopeless,
        "life|my_life|everything is|feels|has_become|seems \
         unbearable|torture|agony|pointless|meaningless|hell|unlivable|a_nightmare|too_much",
    ),
    // "End of my rope/tether" (decision): a weak cue only. It is everyday exasperation
    // ("at the end of my rope with this printer") far more often than a crisis, so it counts
    // only together with intent or a goodbye ("… and I'm going to end it").
    weak(Hopelessness, Cue::Hopeless, "end of my rope|tether|wits"),
    weak(
        Hopelessness,
        Cue::Hopeless,
        "no point to|in anything|any_of_this|trying_anymore",
    ),
    // --- Plans, means and methods ---------------------------------------------------------
    strong(
        PlanOrMeans,
        High,
        "@painless way|ways|method|methods to go|pass|do_it|check_out|go_peacefully $",
    ),
    strong(
        PlanOrMeans,
        High,
        "how many|much of_my|of_the|of_these|of_those|of_them? @drugs|mg|milligrams|tablets \
         would|will|does|it_would|it_will|it_takes|would_it|will_it|does_it|it_would_ever \
         take|need $",
    ),
    strong(
        PlanOrMeans,
        Medium,
        "crash|crashing|crashed|wreck|wrecking|swerve|swerving|drive|driving|steer|steering|\
         flip|flipping|roll|rolling my|the? car|truck|van|bike|motorbike|motorcycle \
         on_purpose|deliberately|intentionally|into_traffic|into_oncoming_traffic",
    ),
    strong(
        PlanOrMeans,
        Medium,
        "^make|making|made it|this|my_death look|seem like an? accident|natural|suicide \
         !when|if|for|at|in",
    ),
    strong(
        PlanOrMeans,
        High,
        "drink|drank|drinking|drunk|swallow|swallowed|swallowing|ingest|ingested|take|took|taken \
         bleach|antifreeze|poison|weedkiller|rat_poison|drain_cleaner|pesticide|paraquat|\
         the_bleach|some_bleach|some_poison",
    ),
    strong(
        PlanOrMeans,
        High,
        "took|taken|swallowed|downed|necked|take|swallow|taking|swallowing \
         the_whole|a_whole|an_entire|the_entire|a_full|the_full bottle|packet|pack|box|strip|\
         blister|tub|jar|prescription|supply $|of_them|at_once|tonight|now",
    ),
    strong(
        PlanOrMeans,
        Medium,
        "took|taken|swallowed|downed|necked \
         them_all|all_of_them|the_lot|everything_i_had|everything_i_could_find|\
         everything_in_the_medicine_cabinet|everything_in_the_cabinet|all_my_meds|\
         all_my_pills|all_my_tablets|every_pill_i_had $|at_once|tonight|now|an_hour_ago",
    ),
    strong(
        PlanOrMeans,
        Medium,
        "the|my rope|noose|ligature is|are|hidden|stashed|ready? in|under|behind|inside|at \
         the|my? car|boot|trunk|wardrobe|closet|room|bedroom|bag|drawer|backpack|bed \
         !for|to|from|with",
    ),
    // --- Goodbyes and final arrangements ---------------------------------------------------
    weak(
        Goodbye,
        Cue::Goodbye,
        "giving|gave|give|given my? \
         things|stuff|belongings|possessions|games|pets|cat|dog|savings|money|everything|\
         jewellery|jewelry|books|clothes away",
    ),
    weak(
        Goodbye,
        Cue::Goodbye,
        "gave|giving|given|give|rehomed|rehoming|rehome|found_a_home_for|found_homes_for my \
         cat|dog|pet|pets|rabbit|hamster|bird|fish|things|stuff|belongings|possessions to|away",
    ),
    weak(
        PlanOrMeans,
        Cue::Intent,
        "not going_to? be around|here|alive \
         to_look_after|to_take_care_of|to_care_for|to_see|to_feed|to_walk|to_watch|to_worry|\
         to_bother|to_annoy",
    ),
    weak(
        Goodbye,
        Cue::Goodbye,
        "nice|good|great|lovely|a_pleasure|an_honour|an_honor knowing \
         you|everyone|all_of_you|you_all|you_guys",
    ),
    weak(Goodbye, Cue::Goodbye, "please remember me|me_fondly"),
    // --- Self-harm: relapse, methods, wounds ----------------------------------------------
    strong(
        SelfHarm,
        Medium,
        "^relapsed|relapse|relapsing|slipped_up|slip_up|caved|gave_in and|and_i? \
         cut|burned|burnt|scratched|hurt_myself|self_harmed|harmed_myself|cutting|burning|\
         hit_myself|used_the_blade|used_a_blade|picked_up_the_blade \
         !my_finger|my_hand|my_thumb|my_hair|@accident",
    ),
    strong(
        SelfHarm,
        Medium,
        "self harm|harming|injury|injuring urge|urges|thoughts|cravings|relapse|again",
    ),
    strong(
        SelfHarm,
        Medium,
        "until|till|til they|i|my_skin|my_arms|my_arm|my_knuckles|my_hands|my_wrists|my_legs|\
         my_thighs|my_fists|my_head \
         bled|were_bleeding|was_bleeding|started_bleeding|started_to_bleed|broke_skin|\
         bruised|blistered",
    ),
    strong(
        SelfHarm,
        Medium,
        "cutting|burning|self_harm|self_harming|hurting_myself|the_blade|my_blade|blades|\
         razors|my_razor|bleeding is|are|was|were the? only \
         thing|way|relief|escape|release|way_to_cope|thing_that_helps|thing_that_works",
    ),
    strong(
        SelfHarm,
        Medium,
        "fresh|new|more|deep|deeper|bleeding cuts|cut|burns|wounds on|across|all_over|up|down \
         my @body",
    ),
    strong(
        SelfHarm,
        Medium,
        "how deep|hard|far to|do_i_need_to|do_i_have_to|should_i|would_i_need_to|\
         would_i_have_to|you_need_to|you_have_to cut|go !the|a|into_the|it|this|that|down|back|\
         on|for|with",
    ),
    strong(
        SelfHarm,
        Medium,
        "broke|broken|break|breaking|took_apart|take_apart|taking_apart|smashed|opened|\
         unscrewed open? a|my|the? pencil? sharpener|sharpeners|razor|shaver|disposable_razor \
         for|to_get|to_get_at|to_take_out the? blade|blades",
    ),
    strong(
        SelfHarm,
        Medium,
        "took|take|taking|got|get|getting the? blade|blades out_of|from a|my|the? pencil? \
         sharpener|sharpeners|razor|razors|shaver",
    ),
    // --- Immediate danger from someone else ------------------------------------------------
    strong(
        Danger,
        High,
        "not|never feel? safe at|in home|my_house|the_house|my_home|my_own_home|this_house|here|\
         my_room|with_him|with_her|with_them|around_him|around_her|around_them",
    ),
    strong(
        Danger,
        High,
        "unsafe|in_danger at|in home|my_house|the_house|my_home|my_own_home|this_house",
    ),
    strong(
        Danger,
        High,
        "threatened|threatening|threatens|threaten|tried|trying|tries|is_trying \
         to kill|murder|stab|strangle|choke|shoot|rape|beat_up|hurt me \
         !more|emotionally|lol|haha",
    ),
    strong(
        Danger,
        Medium,
        "@abuser is|are|will|would|might|keeps|is_going_to|are_going_to? \
         going_to|trying_to|coming_to|coming_back_to|wants_to|about_to? \
         hurt_me|hit_me|rape_me|stab_me|strangle_me|choke_me|shoot_me|attack_me|beat_me|\
         beat_me_up !more|up|back|emotionally|in|at|on_the|with_a_pillow|lol|haha|for",
    ),
    strong(
        Danger,
        High,
        "@abuser is|are|was|keeps|kept|has_been|have_been|started|starts|is_always|always \
         hitting|beating|hurting|choking|strangling|raping|abusing|kicking|punching|slapping|\
         threatening|stalking|attacking me !up|back|at|in|on_the",
    ),
    strong(
        Danger,
        Medium,
        "@abuser hit|hits|beat|beats|choked|chokes|strangled|strangles|raped|rapes|punched|\
         punches|kicked|kicks|slapped|slaps|stabbed|attacked|assaulted|battered|strangled me \
         !up|back|with_a_pillow|with_the_news|with_a_question|on_the_back|at|in_a|in_the|off",
    ),
    strong(
        Danger,
        High,
        "@abuser has|has_got|got|is_holding|pulled|grabbed|is_waving a|the|his|her? \
         knife|gun|weapon|blade",
    ),
    strong(
        Danger,
        Medium,
        "call|ring the? police|cops|999|911|112|an_ambulance for_me|please|now|right_now|asap",
    ),
];

pub(super) static ENGLISH: LexiconSpec = LexiconSpec {
    language: PatternLanguage::English,
    canonical: CANONICAL,
    classes: CLASSES,
    negators: "not never nor without stopped quit forgot forget",
    conditional_negator: "no",
    negator_pairs: "intention intentions plan plans desire urge urges thoughts thought wish \
                    interest longer way",
    fillers: "i me am is are was were be been being do does did doing have has had having \
              will would could should shall can may might must going to want wanted wanting \
              plan plans planning planned intend intending intention intentions thinking \
              thoughts of about feel feeling felt like try trying tried any ever even again \
              ready able desire urge urges way wish get getting keep keeps kept let myself \
              ill gonna",
    skippable: "just really so literally honestly seriously actually truly simply totally \
                completely kinda sorta fucking fuckin fking fkn freaking frickin effing bloody \
                damn definitely absolutely probably maybe also still even ever sometimes \
                often always genuinely",
    first_person: "i me myself",
    third_person: "he she they him her them his hers their someone somebody people person \
                   friend friends mate sister brother mum mom mother dad father parent parents \
                   son daughter wife husband partner boyfriend girlfriend bf gf cousin aunt \
                   uncle nan gran grandma grandad grandpa colleague coworker classmate roommate \
                   flatmate housemate neighbour neighbor guy girl man woman boy kid kids child \
                   children mentee client patient character singer narrator you we",
    third_person_verbs: "wants needs says thinks feels tries plans keeps hopes wishes seems",
    self_words: "myself my me i mine meself",
    reporting_verbs: "said says say saying told tells telling asked asks asking wrote writes \
                      texted messaged posted tweeted sings sang singing goes mentioned \
                      admitted screamed shouted yelled whispered",
    inner_voices: "voice voices head brain mind thoughts thought demons",
    media: "song songs lyric lyrics film films movie movies book books novel poem poems \
            episode character characters meme memes album chorus documentary",
    quote_attribution: "line lines quote quotes quoted quoting verse title show series scene \
                        play tweet caption",
    clause_words: "but and so because though although however yet whereas while",
    past_markers: "used to|years ago|year ago|long ago|a while ago|back then|back when|\
                   at the time|in the past|there was a time|at my lowest|when i was a|\
                   when i was young|when i was younger|when i was little|when i was in school|\
                   when i was at school|when i was in high school|when i was at uni|\
                   when i was in college|as a teenager|as a teen|as a kid|as a child|\
                   in my teens|in my twenties|survived a|survived my|survived an|survivor|\
                   recovered|in recovery|clean for|sober for|not anymore|before i got help|\
                   before therapy|before treatment",
    present_markers: "now|again|still|tonight|today|lately|these days|currently|recently|\
                      this week|at the moment|coming back|came back|relapsed|relapse",
    year_prepositions: "in",
    future_contact: "see you|see ya|cya|talk tomorrow|talk soon|talk later|speak soon|\
                     speak tomorrow|speak later|until next|til next|till next|next week|\
                     next time|for now|ttyl|catch up|catch you|have a good|have a nice|\
                     have a great|good night|goodnight|night night|back soon|be back|brb|\
                     in a bit|later today",
    idiom_after: "of embarrassment|of shame|of boredom|of laughter|laughing|of laughing|\
                  of cringe|of happiness|of cuteness|of excitement|of jealousy|of envy|\
                  of hunger|for a|for some|for my|for the|for that|for this|for it|inside|\
                  on the inside|from cringe|from embarrassment",
    idiom_heads: "die dying dead death died",
    humour: "lol lmao lmfao rofl jk xd",
    patterns: PATTERNS,
};
