package io.otelllm.ollamawire;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request the server answered, as it went over the wire: what tests compare telemetry with.
 *
 * @param path the endpoint, e.g. {@code /api/chat}
 * @param request the request body
 * @param status the HTTP status sent
 * @param lastLine the response body, or the last NDJSON line of a stream (the one with timings, or
 *     the error line); a JSON {@code null} when the last thing sent was not a whole JSON line (a
 *     cut stream, an HTML page)
 * @param chunks the number of content chunks streamed before the last line
 */
public record Exchange(String path, JsonNode request, int status, JsonNode lastLine, int chunks) {}
