/** Messages of one area of the portal; nb.ts and en.ts take them in. */
export const placementsNb = {
  "participant.findActivity": "Finn en aktivitet",
  "participant.suggestionsLead": "Forslagene under bygger på interessene og alderen.",
  "participant.searchAll": "Søk blant alle aktiviteter med avtale",

  "placementSearch.title": "Finn en aktivitet",
  "placementSearch.heading": "Finn en aktivitet for {name}",
  "placementSearch.back": "Tilbake til {name}",
  "placementSearch.lead":
    "Her er alle aktivitetene som har en aktiv samarbeidsavtale med kommunen, også de som ikke passer med interessene. Søk på navnet til aktiviteten eller organisasjonen, eller velg kategori og dag.",
  "placementSearch.interests": "Interessene til {name}: {interests}",
  "placementSearch.filters": "Søk etter aktiviteter",
  "placementSearch.submit": "Søk",
  "placementSearch.reset": "Vis alle aktivitetene",
  "placementSearch.none": "Ingen aktiviteter med aktiv avtale passer med søket.",
  "placementSearch.noneAtAll": "Kommunen har ingen aktive avtaler som gjelder aktiviteter ennå.",
  "placementSearch.by": "{organisation} · {category}",
  "placementSearch.matches": "Passer med interessene: {interests}",
  "placementSearch.outsideAges": "Utenfor aldersgruppen: {name} fyller {age} år i år.",
  "placementSearch.alreadyPlaced": "{name} har allerede et tiltak her.",
};

export const placementsEn: Record<keyof typeof placementsNb, string> = {
  "participant.findActivity": "Find an activity",
  "participant.suggestionsLead": "The suggestions below are based on the interests and the age.",
  "participant.searchAll": "Search all activities with an agreement",

  "placementSearch.title": "Find an activity",
  "placementSearch.heading": "Find an activity for {name}",
  "placementSearch.back": "Back to {name}",
  "placementSearch.lead":
    "These are all the activities with an active cooperation agreement with the municipality, also those that do not match the interests. Search for the name of the activity or the organisation, or choose a category and a day.",
  "placementSearch.interests": "{name}'s interests: {interests}",
  "placementSearch.filters": "Search for activities",
  "placementSearch.submit": "Search",
  "placementSearch.reset": "Show all activities",
  "placementSearch.none": "No activities with an active agreement match the search.",
  "placementSearch.noneAtAll": "The municipality has no active agreements covering activities yet.",
  "placementSearch.by": "{organisation} · {category}",
  "placementSearch.matches": "Matches the interests: {interests}",
  "placementSearch.outsideAges": "Outside the age group: {name} turns {age} this year.",
  "placementSearch.alreadyPlaced": "{name} already has a placement here.",
};
