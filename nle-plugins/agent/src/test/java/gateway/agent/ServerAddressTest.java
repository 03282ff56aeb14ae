package gateway.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import org.junit.jupiter.api.Test;

class ServerAddressTest {
    @Test
    void readsHostAndPortIncludingBracketedIpv6() {
        assertEquals(new ServerAddress("gateway.local", 50051), ServerAddress.parse("gateway.local:50051"));
        ServerAddress v6 = ServerAddress.parse("[::1]:50051");
        assertEquals("::1", v6.host());
        assertEquals("[::1]:50051", v6.toString());
    }

    @Test
    void refusesWhatIsNotHostColonPort() {
        for (String bad : new String[] {"gateway.local", ":50051", "gateway.local:", "gateway.local:http", "h:99999"}) {
            GatewayException e = assertThrows(GatewayException.class, () -> ServerAddress.parse(bad), bad);
            assertEquals(Reason.INVALID_ARGUMENT, e.reason(), bad);
        }
    }
}
