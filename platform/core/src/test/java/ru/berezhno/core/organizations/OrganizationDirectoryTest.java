package ru.berezhno.core.organizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.berezhno.core.definitions.DefinitionException;

class OrganizationDirectoryTest {
    @TempDir
    Path folder;

    @Test
    void theBundledBelovoDirectoryLoads() {
        OrganizationDirectory directory = OrganizationDirectory.load(Path.of("../../survey-definitions/directory/organizations.yaml"));
        assertThat(directory.find("uer")).map(Organization::name).contains("Управление экономического развития");
        assertThat(directory.find("uer")).map(Organization::parent).contains("administration");
        assertThat(directory.all()).hasSizeGreaterThanOrEqualTo(19);
    }

    @Test
    void unknownParentsDuplicatesAndCyclesAreAllReported() throws IOException {
        Path file = folder.resolve("organizations.yaml");
        Files.writeString(file, """
                organizations:
                  - {id: a, name: А, parent: b}
                  - {id: b, name: Б, parent: a}
                  - {id: c, name: В, parent: nowhere}
                  - {id: c, name: Г}
                """);
        DefinitionException exception = catchThrowableOfType(DefinitionException.class, () -> OrganizationDirectory.load(file));
        assertThat(exception.problems()).contains(
                "organizations.yaml: organizations[3].id: 'c' is used twice",
                "organizations.yaml: organization 'c': parent 'nowhere' is not in the directory",
                "organizations.yaml: organization 'a': its parents form a cycle");
    }
}
