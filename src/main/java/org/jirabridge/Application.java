package org.jirabridge;
public class Application { public static void main(String[] a) {} }
