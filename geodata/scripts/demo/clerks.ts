/**
 * The demo Modern.Gov clerk directory. Titles are spelt the way councils style themselves, which is
 * deliberately not the ONS name ("St Aldhelm & Marsh Parish Council" for "Saint Aldhelm and Marsh"),
 * so name matching is exercised. Contacts use reserved example domains and Ofcom's drama range.
 */
import {
  type ClerkDirectoryFile,
  clerkDirectoryFileSchema,
} from "../../../functions/local/clerk-directory-file.js";
import { LOCAL_AREAS } from "./county-layout.js";
import type { DemoPostcode } from "./postcodes.js";

interface DirectoryPlan {
  /** ONS code of the parish the entry is for (not part of the file: Modern.Gov does not know it). */
  code: string;
  /** Whose Modern.Gov install lists it (default: Exampleshire Vale's). */
  council?: string;
  id: number;
  title: string;
  website?: string;
  clerk: { name: string; email?: string; phone?: string; address: string[] } | null;
  xmlDetail: "full" | "name-only";
}

/**
 * Westerholme (E04999011) is deliberately absent; Little Wendle has an entry with no contact;
 * King's Ferry and Hollowmere publish the clerk only on the HTML details page.
 */
const DIRECTORY: readonly DirectoryPlan[] = [
  {
    code: "E04999001",
    id: 101,
    title: "Ashcombe Parish Council",
    website: "https://ashcombe-pc.example.org/",
    clerk: {
      name: "Margaret Pellow",
      email: "clerk@ashcombe-pc.example.org",
      phone: "01632 960101",
      address: ["The Old School", "Church Lane", "Ashcombe"],
    },
    xmlDetail: "full",
  },
  {
    code: "E04999002",
    id: 102,
    title: "St Aldhelm & Marsh Parish Council",
    website: "https://staldhelmandmarsh-pc.example.org/",
    clerk: {
      name: "Jonathan Fairweather-Lowe",
      email: "clerk@staldhelmandmarsh-pc.example.org",
      phone: "01632 960102",
      address: ["2 Marsh Road", "St Aldhelm"],
    },
    xmlDetail: "full",
  },
  {
    code: "E04999003",
    id: 103,
    title: "Great Wendle Town Council",
    website: "https://greatwendle-tc.example.org/",
    clerk: {
      name: "Priya Haldane",
      email: "townclerk@greatwendle-tc.example.org",
      phone: "01632 960103",
      address: ["Town Hall", "Market Square", "Great Wendle"],
    },
    xmlDetail: "full",
  },
  {
    code: "E04999004",
    id: 104,
    title: "King's Ferry Parish Council",
    clerk: {
      name: "Siobhan O'Rourke",
      email: "clerk@kingsferry-pc.example.org",
      phone: "01632 960104",
      address: ["Ferry Cottage", "Quay Lane", "King's Ferry"],
    },
    xmlDetail: "name-only",
  },
  { code: "E04999005", id: 105, title: "Little Wendle Parish Meeting", clerk: null, xmlDetail: "full" },
  {
    code: "E04999006",
    id: 106,
    title: "Hollowmere Parish Council",
    website: "https://hollowmere-pc.example.org/",
    clerk: {
      name: "David Tremlett",
      email: "parishclerk@hollowmere-pc.example.org",
      phone: "01632 960106",
      address: ["Mere View", "Hollowmere"],
    },
    xmlDetail: "name-only",
  },
  {
    code: "E04999007",
    id: 107,
    title: "Brackenfold Parish Council",
    clerk: { name: "Helen Ashworth", email: "clerk@brackenfold-pc.example.org", address: [] },
    xmlDetail: "full",
  },
  {
    code: "E04999008",
    id: 108,
    title: "Upper Lynthorpe Parish Council",
    website: "https://upperlynthorpe-pc.example.org/",
    clerk: {
      name: "Robert Kewley",
      email: "clerk@upperlynthorpe-pc.example.org",
      phone: "01632 960108",
      address: ["Lynthorpe House", "High Street", "Upper Lynthorpe"],
    },
    xmlDetail: "full",
  },
  {
    code: "E04999009",
    id: 109,
    title: "Nethersby Saltings Parish Council",
    clerk: {
      name: "Anne-Marie Lusk",
      email: "clerk@nethersbysaltings-pc.example.org",
      phone: "01632 960109",
      address: ["The Saltings", "Sea Wall Road", "Nethersby"],
    },
    xmlDetail: "full",
  },
  {
    code: "E04999010",
    id: 110,
    title: "Coldwick-with-Fennox Parish Council",
    website: "https://coldwickwithfennox-pc.example.org/",
    clerk: {
      name: "Tom Gethin",
      email: "clerk@coldwickwithfennox-pc.example.org",
      phone: "01632 960110",
      address: ["Fennox Farm", "Coldwick"],
    },
    xmlDetail: "full",
  },
  {
    code: "E04999012",
    id: 111,
    title: "Quillet Holme Parish Council",
    clerk: {
      name: "Eleanor Brash",
      email: "clerk@quilletholme-pc.example.org",
      phone: "01632 960112",
      address: ["1 Holme Green", "Quillet Holme"],
    },
    xmlDetail: "full",
  },
  // Harrowfield's install. One clerk serves Much Ollerby and Farrowby (the same mailbox twice, as
  // small parishes often share a clerk); Brindlecote publishes its clerk only on the HTML page.
  {
    code: "E04999101",
    council: "harrowfield",
    id: 201,
    title: "Brindlecote Parish Council",
    website: "https://brindlecote-pc.example.org/",
    clerk: {
      name: "Callum Whitlock",
      email: "clerk@brindlecote-pc.example.org",
      phone: "01632 960201",
      address: ["Brindle Barn", "Cote Lane", "Brindlecote"],
    },
    xmlDetail: "name-only",
  },
  {
    code: "E04999102",
    council: "harrowfield",
    id: 202,
    title: "Much Ollerby Parish Council",
    clerk: {
      name: "Gwen Tallis",
      email: "clerk@ollerbyandfarrowby.example.org",
      phone: "01632 960202",
      address: ["5 Mill Row", "Much Ollerby"],
    },
    xmlDetail: "full",
  },
  {
    code: "E04999103",
    council: "harrowfield",
    id: 203,
    title: "Denholt & Skeyne Parish Council",
    website: "https://denholtandskeyne-pc.example.org/",
    clerk: {
      name: "Rhys Ap-Morgan",
      email: "clerk@denholtandskeyne-pc.example.org",
      phone: "01632 960203",
      address: ["Skeyne Lodge", "Denholt"],
    },
    xmlDetail: "full",
  },
  {
    code: "E04999104",
    council: "harrowfield",
    id: 204,
    title: "Farrowby Parish Council",
    clerk: {
      name: "Gwen Tallis",
      email: "clerk@ollerbyandfarrowby.example.org",
      phone: "01632 960202",
      address: ["5 Mill Row", "Much Ollerby"],
    },
    xmlDetail: "full",
  },
  {
    code: "E04999105",
    council: "harrowfield",
    id: 205,
    title: "Harrowfield Without Parish Council",
    website: "https://harrowfieldwithout-pc.example.org/",
    clerk: {
      name: "Fiona McCready",
      email: "clerk@harrowfieldwithout-pc.example.org",
      phone: "01632 960205",
      address: ["The Pavilion", "Ring Road", "Harrowfield Without"],
    },
    xmlDetail: "full",
  },
  // Saltmere's install. Pennock Staithe styles itself a town council; Merrowby's clerk has no
  // email (phone and post only), so a report there cannot be emailed to the parish.
  {
    code: "E04999201",
    council: "saltmere",
    id: 301,
    title: "Gullscar Parish Council",
    website: "https://gullscar-pc.example.org/",
    clerk: {
      name: "Ingrid Falk",
      email: "clerk@gullscar-pc.example.org",
      phone: "01632 960301",
      address: ["Scar House", "Cliff Road", "Gullscar"],
    },
    xmlDetail: "full",
  },
  {
    code: "E04999202",
    council: "saltmere",
    id: 302,
    title: "Pennock Staithe Town Council",
    website: "https://pennockstaithe-tc.example.org/",
    clerk: {
      name: "Owen Blakey",
      email: "townclerk@pennockstaithe-tc.example.org",
      phone: "01632 960302",
      address: ["Staithe Hall", "Harbour Street", "Pennock Staithe"],
    },
    xmlDetail: "full",
  },
  {
    code: "E04999203",
    council: "saltmere",
    id: 303,
    title: "Wrayholm and Tarn Parish Council",
    clerk: {
      name: "Beatrice Oyelaran",
      email: "clerk@wrayholmandtarn-pc.example.org",
      phone: "01632 960303",
      address: ["Tarn End", "Wrayholm"],
    },
    xmlDetail: "full",
  },
  {
    code: "E04999204",
    council: "saltmere",
    id: 304,
    title: "Merrowby Parish Council",
    clerk: { name: "Walter Penhale", phone: "01632 960304", address: ["Merrowby Farm", "Merrowby"] },
    xmlDetail: "full",
  },
];

/** Entries without a council are the Vale's, the first demo district's. */
const VALE_COUNCIL = LOCAL_AREAS[0]?.council ?? "exampleshire-vale";

/**
 * The directory file, validated against the schema the local Modern.Gov server reads. Each clerk
 * with a street address gets a real (demo) postcode from their own parish.
 */
export function buildClerkDirectory(postcodes: readonly DemoPostcode[]): ClerkDirectoryFile {
  const addressed = new Map<string, string>();
  const file = {
    parishCouncils: DIRECTORY.map(({ code, council, id, title, website, clerk, xmlDetail }) => {
      // A shared clerk keeps the postcode of the first parish they were listed for.
      const postcode =
        (clerk?.email && addressed.get(clerk.email)) ?? postcodes.find((p) => p.expected === code)?.postcode;
      if (clerk?.email && postcode) addressed.set(clerk.email, postcode);
      const contact = clerk && clerk.address.length > 0 && postcode ? { ...clerk, postcode } : clerk;
      return {
        council: council ?? VALE_COUNCIL,
        id,
        title,
        ...(website ? { website } : {}),
        clerk: contact,
        xmlDetail,
      };
    }),
  };
  clerkDirectoryFileSchema.parse(file);
  return file;
}
