package org.jirabridge.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Jira Software's boards and sprints: one scrum board per software project that has sprints. */
final class SandboxAgile {

    record Board(long id, String name, String type, SandboxProject project) {
    }

    /** A sprint; state is future, active or closed. */
    record Sprint(long id, long boardId, String name, String state, Instant start, Instant end, Instant complete,
                  String goal) {
    }

    private final Map<Long, Board> boards = new LinkedHashMap<>();
    private final Map<Long, Sprint> sprints = new LinkedHashMap<>();
    private long nextBoardId;
    private long nextSprintId;

    SandboxAgile() {
        clear();
    }

    void clear() {
        boards.clear();
        sprints.clear();
        nextBoardId = 1;
        nextSprintId = 1;
    }

    /** DEMO's board with a closed and an active sprint. */
    void seedDefaults(SandboxProject demo, Instant now) {
        Board board = boardOf(demo);
        Instant start = now.minus(Duration.ofDays(14));
        addSprint(board, "DEMO Sprint 1", "closed", start, start.plus(Duration.ofDays(14)), now, "Ship the login fix");
        addSprint(board, "DEMO Sprint 2", "active", now, now.plus(Duration.ofDays(14)), null, "Checkout");
    }

    /** The project's board, created on first use. */
    Board boardOf(SandboxProject project) {
        return boards.values().stream().filter(b -> b.project() == project).findFirst().orElseGet(() -> {
            Board board = new Board(nextBoardId++, project.key() + " board", "scrum", project);
            boards.put(board.id(), board);
            return board;
        });
    }

    Sprint addSprint(Board board, String name, String state, Instant start, Instant end, Instant complete, String goal) {
        Sprint sprint = new Sprint(nextSprintId++, board.id(), name, state, start, end, complete, goal);
        sprints.put(sprint.id(), sprint);
        return sprint;
    }

    List<Board> boards() {
        return List.copyOf(boards.values());
    }

    Optional<Board> board(long id) {
        return Optional.ofNullable(boards.get(id));
    }

    Optional<Sprint> sprint(long id) {
        return Optional.ofNullable(sprints.get(id));
    }

    /** Every sprint, oldest first (what a data dir keeps). */
    List<Sprint> sprints() {
        return List.copyOf(sprints.values());
    }

    /** The id the next board gets. */
    long nextBoardId() {
        return nextBoardId;
    }

    /** The id the next sprint gets. */
    long nextSprintId() {
        return nextSprintId;
    }

    /** Continues numbering after restored counters (never below the current ones). */
    void continueFrom(long boardId, long sprintId) {
        nextBoardId = Math.max(nextBoardId, boardId);
        nextSprintId = Math.max(nextSprintId, sprintId);
    }

    /** Replaces every board and sprint with those read back from a data dir; numbering continues after them. */
    void restore(List<Board> restoredBoards, List<Sprint> restoredSprints) {
        boards.clear();
        sprints.clear();
        restoredBoards.forEach(b -> boards.put(b.id(), b));
        restoredSprints.forEach(s -> sprints.put(s.id(), s));
        continueFrom(boards.keySet().stream().mapToLong(id -> id + 1).max().orElse(1),
                sprints.keySet().stream().mapToLong(id -> id + 1).max().orElse(1));
    }

    List<Sprint> sprintsOf(long boardId) {
        List<Sprint> result = new ArrayList<>();
        sprints.values().stream().filter(s -> s.boardId() == boardId).forEach(result::add);
        return result;
    }
}
