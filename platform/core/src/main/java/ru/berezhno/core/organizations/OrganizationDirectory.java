package ru.berezhno.core.organizations;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import ru.berezhno.core.definitions.DefinitionException;

/**
 * The organisations whose staff answer and whose services citizens rate, as a tree. Loaded from a
 * YAML file: {@code organizations: [{id, name, nameEn, parent, kind, reporting}]}.
 */
public final class OrganizationDirectory {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final Map<String, Organization> organizations;

    public OrganizationDirectory(List<Organization> organizations) {
        Map<String, Organization> byId = new LinkedHashMap<>();
        organizations.forEach(organization -> byId.put(organization.id(), organization));
        this.organizations = java.util.Collections.unmodifiableMap(byId);
    }

    /**
     * Reads and checks a directory file.
     *
     * @throws DefinitionException listing every problem found
     */
    public static OrganizationDirectory load(Path file) {
        String name = file.getFileName().toString();
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        }
        catch (IOException e) {
            throw new DefinitionException(List.of(name + ": cannot be read: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        JsonNode list = root == null ? null : root.get("organizations");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new DefinitionException(List.of(name + ": organizations: must be a non-empty list"));
        }
        List<Organization> organizations = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String path = name + ": organizations[" + i + "]";
            String id = text(node, "id");
            String title = text(node, "name");
            if (id == null || !ID.matcher(id).matches()) {
                problems.add(path + ".id: '" + id + "' is not a valid id (" + ID.pattern() + ")");
                continue;
            }
            if (!ids.add(id)) {
                problems.add(path + ".id: '" + id + "' is used twice");
            }
            if (title == null) {
                problems.add(path + ".name: is required");
                continue;
            }
            JsonNode reporting = node.get("reporting");
            if (reporting != null && !reporting.isBoolean()) {
                problems.add(path + ".reporting: must be true or false");
            }
            String kind = text(node, "kind");
            if (kind != null && !ID.matcher(kind).matches()) {
                problems.add(path + ".kind: '" + kind + "' is not a valid id (" + ID.pattern() + ")");
            }
            organizations.add(new Organization(id, title, text(node, "nameEn"), text(node, "parent"), kind,
                    reporting == null || reporting.asBoolean()));
        }
        for (int i = 0; i < organizations.size(); i++) {
            Organization organization = organizations.get(i);
            if (organization.parent() != null && !ids.contains(organization.parent())) {
                problems.add(name + ": organization '" + organization.id() + "': parent '" + organization.parent() + "' is not in the directory");
            }
        }
        OrganizationDirectory directory = new OrganizationDirectory(organizations);
        for (Organization organization : organizations) {
            Set<String> seen = new HashSet<>();
            for (String at = organization.id(); at != null; at = directory.organizations.containsKey(at) ? directory.organizations.get(at).parent() : null) {
                if (!seen.add(at)) {
                    problems.add(name + ": organization '" + organization.id() + "': its parents form a cycle");
                    break;
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
        return directory;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText().strip();
    }

    public Optional<Organization> find(String id) {
        return Optional.ofNullable(organizations.get(id));
    }

    public boolean contains(String id) {
        return organizations.containsKey(id);
    }

    /** Every organisation, in file order. */
    public List<Organization> all() {
        return List.copyOf(organizations.values());
    }
}
