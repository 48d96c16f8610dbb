package ru.berezhno.server.pages;

import static java.util.Objects.requireNonNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.imageio.ImageIO;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.responses.Audiences;
import ru.berezhno.spi.SurveyDefinition;
import com.google.zxing.BarcodeFormat;

/**
 * A printable poster per survey and organisation with the QR code of its form, for the service
 * counter. The address in the code is the configured public address ({@code --base-url}), never
 * the request's Host header, which the client chooses. The poster holds nothing but the public
 * address of a public form, so it needs no sign-in.
 */
@Singleton
@Path("/qr")
public final class QrResource {
    private static final int MODULE_PIXELS = 12;

    private final DefinitionCatalog definitions;
    private final OrganizationDirectory organizations;
    private final SiteAddress site;
    private final PageRenderer renderer;

    @Inject
    public QrResource(DefinitionCatalog definitions, OrganizationDirectory organizations, SiteAddress site, PageRenderer renderer) {
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.site = requireNonNull(site, "site is null");
        this.renderer = requireNonNull(renderer, "renderer is null");
    }

    @GET
    @Path("{survey: [a-z0-9-]+}")
    @Produces(MediaType.TEXT_HTML + "; charset=UTF-8")
    public Response poster(@PathParam("survey") String surveyId, @QueryParam("org") String organization, @BeanParam PageRequest request) {
        String lang = request.language();
        SurveyDefinition definition = publicSurvey(surveyId);
        String org = organizations.contains(organization) ? organization : null;
        String self = "/qr/" + surveyId + (org == null ? "" : "?org=" + org);
        if (definition == null) {
            return Pages.errorPage(renderer, lang, self, PageRenderer.text(lang, "error.notFound"), 404);
        }
        Map<String, Object> model = Pages.frame(lang, self);
        model.put("title", definition.title().in(lang));
        model.put("organizationName", org == null ? null : Pages.name(organizations, org, lang));
        model.put("url", formUrl(definition, org));
        model.put("image", "/qr/" + definition.id() + ".png" + (org == null ? "" : "?org=" + org));
        return Pages.html(renderer.render("qr", lang, model), 200);
    }

    @GET
    @Path("{survey: [a-z0-9-]+}.png")
    @Produces("image/png")
    public Response image(@PathParam("survey") String surveyId, @QueryParam("org") String organization) {
        SurveyDefinition definition = publicSurvey(surveyId);
        if (definition == null) {
            return Response.status(404).type(MediaType.TEXT_PLAIN_TYPE).entity("no such survey").build();
        }
        return Response.ok(png(formUrl(definition, organizations.contains(organization) ? organization : null)), "image/png")
                .header("Cache-Control", "no-cache").build();
    }

    private SurveyDefinition publicSurvey(String surveyId) {
        return definitions.latest(surveyId).filter(definition -> !Audiences.attributed(definition)).orElse(null);
    }

    private String formUrl(SurveyDefinition definition, String organization) {
        return site.base() + "/s/" + definition.id() + (organization == null ? "" : "?org=" + URLEncoder.encode(organization, StandardCharsets.UTF_8));
    }

    /** The QR code of a text as a PNG, error correction M, a quiet zone of four modules. */
    static byte[] png(String text) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4, EncodeHintType.CHARACTER_SET, "UTF-8"));
            int size = matrix.getWidth() * MODULE_PIXELS;
            BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    image.setRGB(x, y, matrix.get(x / MODULE_PIXELS, y / MODULE_PIXELS) ? 0xFF000000 : 0xFFFFFFFF);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        }
        catch (WriterException e) {
            throw new IllegalStateException("cannot encode " + text, e);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
