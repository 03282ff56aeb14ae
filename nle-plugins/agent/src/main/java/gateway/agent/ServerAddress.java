package gateway.agent;

import gateway.model.error.GatewayException;

/** A gateway node's gRPC address, written {@code host:port} (or {@code [v6-address]:port}). */
record ServerAddress(String host, int port) {
    ServerAddress {
        if (host == null || host.isBlank()) {
            throw GatewayException.invalid("server host is empty");
        }
        if (port < 1 || port > 65_535) {
            throw GatewayException.invalid("server port " + port + " is not 1-65535");
        }
    }

    static ServerAddress parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw GatewayException.invalid("server '" + text + "' is not HOST:PORT");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new ServerAddress(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw GatewayException.invalid("server '" + text + "' has no numeric port");
        }
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
