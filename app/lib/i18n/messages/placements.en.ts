import type { placementsNb } from "./placements";

/** The English of placements.ts, in a module of its own so that a page loads only its language. */
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
