import type { Deadline, ModernGovHttp } from "./moderngov-http.js";
import { type ParishCouncilRecord, parseParishCouncils } from "./parse-parish-councils.js";

/**
 * The `GetParishCouncils` web service, by GET (`<base>/mgWebService.asmx/GetParishCouncils`, the
 * bare XML document) or by SOAP 1.1 (a POST to `<base>/mgWebService.asmx`, the same document in an
 * envelope), for installs that turn the GET protocol off. The parser reads either.
 */

const NAMESPACE = "http://moderngov.co.uk/namespaces";

export const webServiceUrl = (baseUrl: string) => `${baseUrl}/mgWebService.asmx`;
export const getParishCouncilsUrl = (baseUrl: string) => `${webServiceUrl(baseUrl)}/GetParishCouncils`;

const ENVELOPE =
  '<?xml version="1.0" encoding="utf-8"?>' +
  '<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
  `<soap:Body><GetParishCouncils xmlns="${NAMESPACE}" /></soap:Body></soap:Envelope>`;

export async function parishCouncilsByGet(
  http: ModernGovHttp,
  baseUrl: string,
  deadline: Deadline,
): Promise<ParishCouncilRecord[]> {
  const url = getParishCouncilsUrl(baseUrl);
  return parseParishCouncils(await http.request(url, {}, deadline), url);
}

export async function parishCouncilsBySoap(
  http: ModernGovHttp,
  baseUrl: string,
  deadline: Deadline,
): Promise<ParishCouncilRecord[]> {
  const url = webServiceUrl(baseUrl);
  const body = await http.request(
    url,
    {
      method: "POST",
      headers: {
        "content-type": "text/xml; charset=utf-8",
        soapaction: `"${NAMESPACE}/GetParishCouncils"`,
      },
      body: ENVELOPE,
    },
    deadline,
  );
  return parseParishCouncils(body, url);
}
