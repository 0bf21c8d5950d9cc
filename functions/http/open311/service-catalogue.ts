import type { ServiceDefinition } from "#core/routing/service-schema.js";

/**
 * GeoReport v2 services and service definitions, generated from the same service definition data
 * as the form and the JSON API: each routing question becomes a single-value-list attribute whose
 * code is the question id and whose values are its options.
 */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: "realtime";
  keywords: string;
  group: string;
}

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: "singlevaluelist";
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values: Array<{ key: string; name: string }>;
}

export interface Open311ServiceDefinition {
  service_code: string;
  attributes: Open311Attribute[];
}

export function serviceList(services: ReadonlyMap<string, ServiceDefinition>): Open311Service[] {
  return [...services.values()].map((service) => ({
    service_code: service.id,
    service_name: service.name,
    description: service.summary,
    // Every service asks its routing questions, so clients must fetch the definition.
    metadata: true,
    // A request is stored and given its reference at once.
    type: "realtime",
    keywords: service.id.split("-").join(", "),
    group: "",
  }));
}

export function serviceDefinition(service: ServiceDefinition): Open311ServiceDefinition {
  return {
    service_code: service.id,
    attributes: service.questions.map((question, index) => ({
      variable: true,
      code: question.id,
      datatype: "singlevaluelist",
      required: true,
      datatype_description: question.hint ?? "",
      order: index + 1,
      description: question.title,
      values: question.options.map((option) => ({ key: option.value, name: option.label })),
    })),
  };
}
