package org.jirabridge.access;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jirabridge.store.ApiKeyRepository;
import org.jirabridge.store.ApiKeyRepository.StoredApiKey;
import org.jirabridge.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake API keys: generated here, shown once, stored as a SHA-256 hash. A key has 256 random bits, so no one can
 * guess it from its hash; the slow, salted hashes passwords need (against guessing likely values) add nothing, and a
 * plain hash lets a key be found by its hash in one indexed look-up.
 */
public final class ApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    /** The id of the demo's key (demo.api-key). */
    public static final String DEMO_KEY_ID = "demo";
    /** Generated keys start with this, so leaked ones are easy to recognise (and to search for). */
    static final String KEY_PREFIX = "jb_";
    /** How many characters of a key are stored in clear to tell keys apart. */
    private static final int SHOWN_PREFIX = 11;
    /** last_used_at is written at most this often per key: one write per request would be a write per report. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    /** How old the look-up of a presented key may be: a key revoked on another node is refused within this. */
    private static final Duration RECENT = Duration.ofSeconds(1);

    /** A key just created: the row and the key itself, which is never available again. */
    public record Created(StoredApiKey stored, String key) {
        @Override
        public String toString() {
            return "Created[" + stored.id() + "]";
        }
    }

    private final ApiKeyRepository repository;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> touched = new ConcurrentHashMap<>();
    // every intake request presents a key: what its hash found, at most RECENT old, saves a database read per request;
    // this node's creates, provisions and revokes clear it at once, another node's are seen within RECENT
    private final Cache<String, Optional<StoredApiKey>> recent = Caffeine.newBuilder()
            .expireAfterWrite(RECENT).maximumSize(10_000).build();

    public ApiKeys(ApiKeyRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public Created create(String name, Set<String> integrations) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        StoredApiKey stored = new StoredApiKey(UUID.randomUUID().toString(), name, key.substring(0, SHOWN_PREFIX),
                hash(key), integrations, OffsetDateTime.now(clock), null, null);
        repository.insert(stored);
        recent.invalidateAll();
        LOG.info("API key {} ({}) created for {}", stored.id(), stored.keyPrefix(), integrations);
        return new Created(stored, key);
    }

    /** Stores a key whose value is configuration (the demo key) under a fixed id; see the repository's provision. */
    public void provision(String id, String name, String key, Set<String> integrations) {
        repository.provision(new StoredApiKey(id, name, key.substring(0, Math.min(key.length(), SHOWN_PREFIX)),
                hash(key), integrations, OffsetDateTime.now(clock), null, null));
        recent.invalidateAll();
    }

    public List<StoredApiKey> list() {
        return repository.list();
    }

    public Optional<StoredApiKey> find(String id) {
        return repository.find(id);
    }

    /**
     * Revokes the key; it is refused from the next request on (by the other nodes of a cluster within {@link #RECENT}).
     * False when there is no such key.
     */
    public boolean revoke(String id) {
        boolean revoked = repository.revoke(id, OffsetDateTime.now(clock));
        recent.invalidateAll();
        if (revoked) {
            LOG.info("API key {} revoked", id);
        }
        return revoked;
    }

    /** The caller a presented key stands for, when it is a known key that is not revoked. Blocks on the database. */
    public Optional<Caller> authenticate(String presented) {
        Optional<StoredApiKey> found = recent.get(hash(presented), repository::findByHash).filter(key -> !key.revoked());
        found.ifPresent(this::touch);
        return found.map(key -> Caller.key(key.id(), key.integrations()));
    }

    private void touch(StoredApiKey key) {
        Instant now = clock.instant();
        Instant last = touched.get(key.id());
        if (last != null && last.plus(TOUCH_EVERY).isAfter(now)) {
            return;
        }
        touched.put(key.id(), now);
        try {
            repository.touch(key.id(), OffsetDateTime.now(clock));
        } catch (StoreException e) {
            // only bookkeeping: the request itself was authenticated
            LOG.debug("cannot record the use of API key {}: {}", key.id(), e.getMessage());
        }
    }

    static String hash(String key) {
        return HexFormat.of().formatHex(AdminToken.sha256(key));
    }
}
