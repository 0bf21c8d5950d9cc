/**
 * The demo Modern.Gov clerk directory. Titles are spelt the way councils style themselves, which is
 * deliberately not the ONS name ("St Aldhelm & Marsh Parish Council" for "Saint Aldhelm and Marsh"),
 * so name matching is exercised. Contacts use reserved example domains and Ofcom's drama range.
 */
import {
  type ClerkDirectoryFile,
  clerkDirectoryFileSchema,
} from "../../../functions/local/clerk-directory-file.js";
import type { DemoPostcode } from "./postcodes.js";

interface DirectoryPlan {
  /** ONS code of the parish the entry is for (not part of the file: Modern.Gov does not know it). */
  code: string;
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
];

/**
 * The directory file, validated against the schema the local Modern.Gov server reads. Each clerk
 * with a street address gets a real (demo) postcode from their own parish.
 */
export function buildClerkDirectory(postcodes: readonly DemoPostcode[]): ClerkDirectoryFile {
  const file = {
    parishCouncils: DIRECTORY.map(({ code, id, title, website, clerk, xmlDetail }) => {
      const postcode = postcodes.find((p) => p.expected === code)?.postcode;
      const contact = clerk && clerk.address.length > 0 && postcode ? { ...clerk, postcode } : clerk;
      return { id, title, ...(website ? { website } : {}), clerk: contact, xmlDetail };
    }),
  };
  clerkDirectoryFileSchema.parse(file);
  return file;
}
