package io.jellyfish.http.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a resource method that needs no bearer token (HLS and recording content, the OpenAPI document). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface PublicRoute {
}
