package gateway.index;

/** How many hits have one value of a facet ("ARRI ALEXA Mini LF": 12). The value works in a query. */
public record FacetCount(String value, long count) {}
