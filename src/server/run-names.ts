// Default run names: two-word "adjective-animal" slugs, as Prefect's `generate_slug(2)` (coolname) makes
// for flow and task runs created without a name.

// The word lists stay packed, several to a line.
// prettier-ignore
const ADJECTIVES = [
  "able", "agile", "amber", "ancient", "arcane", "ardent", "azure", "bald", "beryl", "bold", "brave", "bright",
  "brilliant", "bronze", "calm", "camouflaged", "careful", "celadon", "cerulean", "charming", "cheerful", "clever",
  "cobalt", "copper", "cordial", "cosmic", "crafty", "crimson", "cunning", "curious", "daft", "dainty", "dapper",
  "daring", "dashing", "deft", "denim", "devious", "dexterous", "diligent", "dreamy", "eager", "earnest", "ebony",
  "elated", "electric", "elegant", "emerald", "energetic", "fair", "fancy", "fearless", "festive", "fiery", "flawless",
  "fluffy", "fortunate", "free", "friendly", "frisky", "fuzzy", "gainful", "gentle", "giga", "glaring", "golden",
  "gorgeous", "graceful", "granite", "gray", "green", "grinning", "hallowed", "handsome", "happy", "hardy", "heavenly",
  "helpful", "hilarious", "holistic", "honest", "hopeful", "humongous", "icy", "imported", "impressive", "indigo",
  "inquisitive", "invaluable", "ivory", "jade", "jolly", "jovial", "keen", "khaki", "kind", "laughing", "lavender",
  "lilac", "lime", "literate", "logical", "lovely", "loyal", "lucky", "magenta", "magic", "majestic", "malachite",
  "maroon", "marvellous", "mauve", "mellow", "meticulous", "mighty", "mindful", "misty", "modest", "mottled", "neat",
  "nebulous", "nifty", "nimble", "noble", "ochre", "olive", "onyx", "opal", "orange", "outgoing", "outstanding",
  "pastel", "patient", "pearl", "peculiar", "placid", "platinum", "polite", "precious", "prompt", "proud", "quartz",
  "quick", "quiet", "quirky", "radiant", "rational", "resilient", "ruby", "russet", "rustic", "sage", "sapphire",
  "scarlet", "serious", "shiny", "silver", "smart", "sophisticated", "sparkling", "spiffy", "steady", "stoic", "sturdy",
  "super", "tactful", "tan", "teal", "tested", "thundering", "tireless", "topaz", "tranquil", "true", "turquoise",
  "uber", "ultra", "unique", "upbeat", "vegan", "velvet", "venomous", "vermilion", "versatile", "vigilant", "violet",
  "vivacious", "warm", "whimsical", "wild", "wise", "witty", "wondrous", "xanthic", "yellow", "zealous", "zircon",
];

// prettier-ignore
const ANIMALS = [
  "aardvark", "albatross", "alligator", "alpaca", "anaconda", "angelfish", "ant", "anteater", "antelope", "armadillo",
  "avocet", "axolotl", "baboon", "badger", "barracuda", "bat", "bear", "beaver", "bee", "beetle", "binturong", "bison",
  "bobcat", "buffalo", "bulldog", "butterfly", "buzzard", "caiman", "camel", "capybara", "caracal", "cardinal",
  "caribou", "cassowary", "cat", "caterpillar", "centipede", "chameleon", "cheetah", "chicken", "chimpanzee",
  "chinchilla", "chipmunk", "cicada", "cobra", "cockatoo", "collie", "condor", "corgi", "cormorant", "cougar", "coyote",
  "crab", "crane", "cricket", "crocodile", "crow", "cuckoo", "curlew", "dachshund", "dalmatian", "deer", "dingo",
  "dodo", "dog", "dolphin", "donkey", "dormouse", "dove", "dragon", "dragonfly", "duck", "eagle", "earthworm", "eel",
  "egret", "elephant", "elk", "emu", "falcon", "ferret", "finch", "flamingo", "fox", "frog", "gazelle", "gecko",
  "gerbil", "gibbon", "giraffe", "gnu", "goat", "goldfish", "goose", "gopher", "gorilla", "grasshopper", "grebe",
  "griffin", "grouse", "gull", "hamster", "hare", "hawk", "hedgehog", "heron", "hippo", "hornet", "horse", "hound",
  "hummingbird", "husky", "hyena", "ibex", "ibis", "iguana", "impala", "jackal", "jaguar", "jellyfish", "kangaroo",
  "kestrel", "kingfisher", "kiwi", "koala", "koi", "kudu", "labradoodle", "ladybug", "lemming", "lemur", "leopard",
  "limpet", "lion", "lionfish", "lizard", "llama", "lobster", "locust", "lori", "lynx", "macaque", "macaw", "magpie",
  "mamba", "manatee", "mandrill", "mantis", "marmot", "marten", "meerkat", "mink", "mole", "mongoose", "monkey",
  "moose", "mosquito", "moth", "mouse", "mule", "narwhal", "newt", "nightingale", "numbat", "ocelot", "octopus",
  "okapi", "opossum", "orca", "oriole", "oryx", "osprey", "ostrich", "otter", "owl", "ox", "panda", "panther",
  "parakeet", "parrot", "partridge", "peacock", "pelican", "penguin", "petrel", "pheasant", "pig", "pigeon", "pika",
  "platypus", "poodle", "porcupine", "porpoise", "prawn", "puffin", "puma", "python", "quail", "quetzal", "rabbit",
  "raccoon", "ram", "rattlesnake", "raven", "reindeer", "rhino", "robin", "rooster", "salamander", "salmon",
  "sandpiper", "scorpion", "seahorse", "seal", "shark", "sheep", "shrew", "shrimp", "skink", "skunk", "sloth", "slug",
  "snail", "snake", "sparrow", "spaniel", "spider", "squid", "squirrel", "starfish", "stingray", "stoat", "stork",
  "swallow", "swan", "swift", "tamarin", "tapir", "tarantula", "termite", "tern", "terrier", "tiger", "toad",
  "tortoise", "toucan", "trout", "tuatara", "turkey", "turtle", "uakari", "unicorn", "urchin", "vicuna", "viper",
  "vole", "vulture", "wallaby", "walrus", "warthog", "wasp", "weasel", "whale", "wildcat", "wolf", "wolverine",
  "wombat", "woodpecker", "worm", "wren", "yak", "zebra",
];

function pick(words: readonly string[], random: () => number): string {
  return words[Math.floor(random() * words.length)] ?? words[0] ?? "run";
}

/**
 * A random two-word slug such as "crimson-fox", as Prefect names unnamed runs.
 * @example generateRunName() // "nimble-otter"
 */
export function generateRunName(random: () => number = Math.random): string {
  return `${pick(ADJECTIVES, random)}-${pick(ANIMALS, random)}`;
}
