//! Spanish crisis-language patterns: a smaller set than English covering the same families.
//! Words are compared accent-folded ("daño" → "dano", "más" → "mas").

use super::Confidence::{High, Medium};
use super::CrisisFamily::{
    Danger, DeathWish, Goodbye, Hopelessness, PlanOrMeans, SelfHarm, SuicidalIntent,
};
use super::PatternLanguage;
use super::engine::{Cue, LexiconSpec, PatternSpec, strong, weak};

const CANONICAL: &[(&str, &str)] = &[
    ("q", "que"),
    ("k", "que"),
    ("xq", "porque"),
    ("pq", "porque"),
    ("porq", "porque"),
    ("kiero", "quiero"),
    ("qiero", "quiero"),
    ("tb", "tambien"),
    ("toy", "estoy"),
    ("danio", "dano"),
];

const CLASSES: &[(&str, &str)] = &[
    (
        "quiero",
        "quiero|queria|quisiera|deseo|necesito|voy_a|pienso|pienso_en|estoy_pensando_en|pensando_en|\
         he_pensado_en|tengo_ganas_de|ganas_de|me_dan_ganas_de|prefiero|solo_quiero|ya_quiero",
    ),
    (
        "drogas",
        "pastillas|pastilla|pildoras|medicinas|medicamentos|medicacion|paracetamol|\
         antidepresivos|calmantes|somniferos",
    ),
    (
        "alto",
        "puente|edificio|ventana|balcon|azotea|techo|acantilado|tren|metro|vias|coche|auto|\
         camion|autobus",
    ),
];

const PATTERNS: &[PatternSpec] = &[
    // --- Intención suicida ---------------------------------------------------------------
    strong(
        SuicidalIntent,
        High,
        "@quiero morirme|morir|matarme|suicidarme|quitarme_la_vida|acabar_con_mi_vida|\
         terminar_con_mi_vida|ahorcarme|colgarme",
    ),
    strong(
        SuicidalIntent,
        High,
        "me quiero|voy_a|gustaria|dan_ganas_de morir|matar|suicidar|quitar_la_vida|ahorcar",
    ),
    strong(SuicidalIntent, High, "suicidarme|ahorcarme"),
    strong(SuicidalIntent, High, "me suicido|ahorco"),
    strong(
        SuicidalIntent,
        Medium,
        "@quiero acabar|terminar con todo|todo_de_una_vez",
    ),
    // --- Deseo de muerte / carga ---------------------------------------------------------
    strong(
        DeathWish,
        High,
        "no quiero|queria|puedo vivir|seguir_viviendo|seguir_vivo|seguir_viva|estar_vivo|\
         estar_viva|existir|seguir_existiendo \
         !en|con|aqui|alli|cerca|lejos|sola|solo|junto|juntos",
    ),
    strong(
        DeathWish,
        Medium,
        "no quiero despertar|despertarme|seguir_aqui|estar_aqui_mas|seguir_asi",
    ),
    strong(
        DeathWish,
        Medium,
        "@quiero desaparecer_para_siempre|dejar_de_existir|no_existir|no_despertar|\
         dormir_para_siempre|no_despertar_mas",
    ),
    strong(
        DeathWish,
        High,
        "estarian|estaria|serian|seria|vivirian|estaran|seran mejor|mas_felices|mejor_todos sin \
         mi",
    ),
    strong(
        DeathWish,
        Medium,
        "seria mejor si_no_estuviera|si_me_muriera|si_muriera|estar_muerto|estar_muerta|\
         morirme|no_existir|no_haber_nacido",
    ),
    strong(
        DeathWish,
        High,
        "ojala|quisiera|desearia|deseo estar|estuviera|estar_ya muerto|muerta",
    ),
    strong(
        DeathWish,
        High,
        "ojala me muera|muriera|no_despierte|no_despertara|no_hubiera_nacido|\
         nunca_hubiera_nacido",
    ),
    // --- Desesperanza --------------------------------------------------------------------
    strong(
        Hopelessness,
        High,
        "no le? veo|encuentro|tiene|hay|tengo sentido|razon|motivo|razones|motivos a|en|para la? \
         vida|vivir|seguir|seguir_viviendo|mi_vida",
    ),
    strong(
        Hopelessness,
        High,
        "no tengo razones|motivos|razon|motivo|nada para|por vivir|seguir_viviendo",
    ),
    strong(Hopelessness, High, "vida no vale la pena"),
    strong(
        Hopelessness,
        High,
        "no vale la pena vivir|seguir_viviendo|seguir_vivo|seguir_viva",
    ),
    strong(
        Hopelessness,
        Medium,
        "cansado|cansada|harto|harta de vivir|la_vida|existir|estar_vivo|estar_viva",
    ),
    weak(
        Hopelessness,
        Cue::Hopeless,
        "no aguanto|puedo|soporto mas|mas_esto|mas_con_esto",
    ),
    weak(
        Hopelessness,
        Cue::Hopeless,
        "no hay salida|esperanza|solucion",
    ),
    weak(
        Hopelessness,
        Cue::Hopeless,
        "sin_salida|sin_esperanza|soy_una_carga|soy_un_estorbo|no_tengo_salida",
    ),
    // --- Autolesión ----------------------------------------------------------------------
    strong(
        SelfHarm,
        High,
        "hacerme|lastimarme dano|dano_a_mi_mismo|dano_a_mi_misma",
    ),
    strong(
        SelfHarm,
        High,
        "me hago|hice|haria|hacia|he_hecho|he_vuelto_a_hacer|quiero_hacer|voy_a_hacer|\
         vuelvo_a_hacer|volvi_a_hacer dano !en|jugando|al|con|corriendo|cayendo",
    ),
    strong(
        SelfHarm,
        High,
        "lastimarme|cortarme|autolesionarme|quemarme|me_corto|me_he_cortado|me_volvi_a_cortar|\
         me_he_vuelto_a_cortar|me_estoy_cortando|me_corte|me_autolesiono|me_lastimo|me_quemo|\
         me_sigo_cortando \
         !el|la|los|las|un|una|con|cocinando|sin_querer|por_accidente|al|en",
    ),
    // --- Plan o medios -------------------------------------------------------------------
    strong(
        PlanOrMeans,
        High,
        "pastillas|cuerda|soga|pistola|arma|cuchilla|cuchillas \
         preparadas|preparada|preparado|preparados|listas|lista|listo|listos|guardadas",
    ),
    strong(
        PlanOrMeans,
        High,
        "tomarme|tomar|tome|me_tome|me_voy_a_tomar|voy_a_tomar|tragarme|me_trague \
         todas|toda|un_bote_de|una_caja_de|muchas|el_bote_de|la_caja_de las? @drogas",
    ),
    strong(
        PlanOrMeans,
        High,
        "tomar|tomarme|tome|tomado|voy_a_tomar|me_tome una sobredosis",
    ),
    strong(
        PlanOrMeans,
        High,
        "tirarme|lanzarme|aventarme|arrojarme|me_tiro|me_voy_a_tirar|me_voy_a_lanzar|saltar \
         del|de|desde|por|a|al|bajo|delante_de la|un|una|el|las? @alto",
    ),
    // --- Despedida -----------------------------------------------------------------------
    strong(
        Goodbye,
        High,
        "carta|cartas|nota|notas|mensaje de despedida|suicidio",
    ),
    strong(
        Goodbye,
        High,
        "esta es mi despedida|mi_ultimo_mensaje|la_ultima_vez",
    ),
    strong(
        Goodbye,
        High,
        "adios para_siempre|mundo|mundo_cruel|a_todos_para_siempre",
    ),
    strong(Goodbye, Medium, "cuando leas esto"),
    strong(
        Goodbye,
        Medium,
        "ya no estare|voy_a_estar aqui|mucho_tiempo|mas|con_ustedes|con_vosotros",
    ),
    weak(Goodbye, Cue::Goodbye, "adios a_todos|todos|$"),
    weak(Goodbye, Cue::Goodbye, "lo siento|siento_mucho|siento_todo"),
    weak(
        Goodbye,
        Cue::Goodbye,
        "perdon|perdonenme|perdoname|perdonadme $|por_todo",
    ),
    weak(Goodbye, Cue::Goodbye, "gracias por todo"),
    weak(
        Goodbye,
        Cue::Goodbye,
        "los|os|las|te quiero|quiero_a mucho? $|a_todos",
    ),
    // --- Indiferencia ante la propia muerte, recaída, peligro inmediato -----------------
    strong(
        DeathWish,
        Medium,
        "no me importa|importaria si? morirme|me_muero|muero|me_muriera|vivo_o_muero|\
         no_despierto|no_despertara|despierto|despertar|morir",
    ),
    strong(
        DeathWish,
        High,
        "ojala me atropelle|atropellen|atropellara|pase_algo|caiga_un_rayo|muera_dormido|\
         muera_dormida",
    ),
    strong(
        SelfHarm,
        Medium,
        "recai|he_recaido|volvi_a_caer y me corte|me_he_cortado|me_queme|me_lastime|\
         me_hice_dano|me_volvi_a_cortar",
    ),
    strong(
        Danger,
        High,
        "no estoy|me_siento a_salvo|segura|seguro|protegida|protegido \
         en_casa|en_mi_casa|aqui|con_el|con_ella|en_esta_casa",
    ),
    strong(
        Danger,
        High,
        "me amenazo|amenaza|ha_amenazado|amenazó|intento|ha_intentado|quiere con? \
         matarme|pegarme|golpearme|hacerme_dano|lastimarme|ahorcarme|estrangularme|violarme",
    ),
    strong(
        Danger,
        Medium,
        "me va_a|van_a pegar|golpear|lastimar|hacer_dano|violar|apunalar|ahorcar",
    ),
    strong(
        Danger,
        High,
        "me esta_pegando|sigue_pegando|golpea|golpeo|ha_golpeado|esta_golpeando|ahorco|\
         estrangulo|pega_cada_dia|pega_todos_los_dias !un|una|el|la|los|las",
    ),
];

pub(super) static SPANISH: LexiconSpec = LexiconSpec {
    language: PatternLanguage::Spanish,
    canonical: CANONICAL,
    classes: CLASSES,
    negators: "no nunca jamas tampoco ni sin",
    conditional_negator: "",
    negator_pairs: "",
    fillers: "yo me te se lo la le a voy vas quiero queria quisiera pienso pensando en de \
              estoy estaba he ha tengo ganas que ya haria hacer volver vuelto seguir \
              intencion planeo puedo podria",
    skippable: "realmente solo solamente simplemente sinceramente literalmente tan muy \
                neta enserio",
    first_person: "yo",
    third_person: "el ella ellos ellas amigo amiga amigos amigas hermano hermana madre padre \
                   mama papa novio novia hijo hija alguien usted tu companero companera primo \
                   prima personaje cantante vecino vecina",
    third_person_verbs: "quiere dice piensa siente va esta tiene",
    self_words: "me mi mis yo conmigo",
    reporting_verbs: "dijo dice decia dicen conto escribio pregunto canta cantaba",
    inner_voices: "voz voces cabeza mente pensamientos",
    media: "cancion canciones letra pelicula peli libro poema serie personaje meme novela \
            capitulo video",
    quote_attribution: "frase cita verso",
    clause_words: "pero y porque aunque sino pues e",
    past_markers: "antes|hace anos|hace mucho|hace tiempo|hace un ano|cuando era|cuando tenia|\
                   solia|en el pasado|en aquella epoca|en esa epoca|sobrevivi|me recupere|\
                   ya no lo hago",
    present_markers: "ahora|otra vez|de nuevo|todavia|aun|hoy|esta noche|ultimamente|volvi|\
                      vuelto",
    year_prepositions: "en",
    future_contact: "hasta manana|hasta luego|hasta pronto|nos vemos|hablamos|\
                     hasta la proxima|la proxima semana|buenas noches|hasta el",
    idiom_after: "de risa|de hambre|de ganas|de sueno|de verguenza|de aburrimiento|de calor|\
                  de frio|por",
    idiom_heads: "morir morirme muerto muerta",
    humour: "xd lol",
    patterns: PATTERNS,
};
