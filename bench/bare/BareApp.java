import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * The yardstick of bench/intake.sh: a bare camel-main app with one platform-http route answering 202, built and
 * started by the script with the service's own libraries (target/lib). Port: -Dport (default 8090).
 */
public final class BareApp {

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.server.enabled", "true");
        main.addInitialProperty("camel.server.port", System.getProperty("port", "8090"));
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/bare?httpMethodRestrict=POST")
                        .setHeader("CamelHttpResponseCode", constant(202))
                        .setBody(constant("{\"status\":\"RECEIVED\"}"));
            }
        });
        main.run(args);
    }
}
