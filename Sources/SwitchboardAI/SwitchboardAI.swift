public enum SwitchboardAI {}
