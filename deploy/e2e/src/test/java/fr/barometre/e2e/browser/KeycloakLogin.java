package fr.barometre.e2e.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Keycloak's own pages, filled as a person would: the login form and the update-password form. */
public final class KeycloakLogin {

    private KeycloakLogin() {
    }

    /** True when the browser shows Keycloak's login form (of any realm on {@code keycloakUrl}). */
    public static boolean showing(Browser browser, String keycloakUrl) {
        return browser.url().startsWith(keycloakUrl) && !browser.findAll(By.id("username")).isEmpty();
    }

    /** Waits for Keycloak's login form, fills it and submits it. */
    public static void signIn(Browser browser, String keycloakUrl, String username, String password) {
        browser.await(d -> showing(browser, keycloakUrl));
        browser.find(By.id("username")).clear();
        browser.find(By.id("username")).sendKeys(username);
        browser.find(By.id("password")).sendKeys(password);
        browser.find(By.id("kc-login")).click();
    }

    /** Waits for Keycloak's update-password form (a temporary password), fills it and submits it. */
    public static void updatePassword(Browser browser, String newPassword) {
        browser.await(ExpectedConditions.presenceOfElementLocated(By.id("password-new")));
        browser.find(By.id("password-new")).sendKeys(newPassword);
        browser.find(By.id("password-confirm")).sendKeys(newPassword);
        browser.find(By.cssSelector("#kc-passwd-update-form [type=submit], form [type=submit]")).click();
    }
}
